package io.lockstep.benchmarks;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.internal.proto.TensorProtoEncoder;
import io.lockstep.nn.internal.proto.WireWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph the inference benchmark builds in code, kept as data rather than bytes so that it can
 * also be cut into one model per node (the per-node profile). Serialized with deterministic-nn's
 * protobuf writer and the onnx.proto field numbers; both engines read the same bytes.
 */
final class ModelGraph {

    /** Opset of every benchmark model: what current PyTorch exporters emit, and LayerNormalization's. */
    static final long OPSET = 17;

    private static final long IR_VERSION = 8;

    /** A node attribute; {@code value} is a Long, Float, String or long[]. */
    record Attribute(String name, Object value) {}

    /** One node with one output, of element type {@code dtype}. */
    record Node(String opType, List<String> inputs, String output, DType dtype, List<Attribute> attributes) {}

    /** A declared graph input or output; a null shape declares the element type only. */
    record Value(String name, DType dtype, int[] shape) {}

    private final List<Value> inputs = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();

    ModelGraph input(String name, DType dtype, int... shape) {
        inputs.add(new Value(name, dtype, shape.clone()));
        return this;
    }

    /** Declares the output of a node as a graph output. */
    ModelGraph output(String name) {
        Node producer = nodes.stream()
                .filter(n -> n.output().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node computes " + name));
        outputs.add(new Value(name, producer.dtype(), null));
        return this;
    }

    /** Declares a graph input as a graph output as well: a model that only copies data in and out. */
    ModelGraph outputInput(String name) {
        Value input = inputs.stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no graph input " + name));
        outputs.add(new Value(name, input.dtype(), null));
        return this;
    }

    /** Adds a constant and returns its name. */
    String constant(String name, Tensor value) {
        if (initializers.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("duplicate initializer " + name);
        }
        return name;
    }

    /** Adds a node with one float output named {@code output}; returns that name. */
    String node(String opType, String output, List<String> nodeInputs, Attribute... attributes) {
        return node(DType.FLOAT, opType, output, nodeInputs, attributes);
    }

    /** Adds a node with one output of element type {@code dtype}; returns the output's name. */
    String node(DType dtype, String opType, String output, List<String> nodeInputs, Attribute... attributes) {
        nodes.add(new Node(opType, List.copyOf(nodeInputs), output, dtype, List.of(attributes)));
        return output;
    }

    static Attribute attr(String name, long value) {
        return new Attribute(name, value);
    }

    static Attribute attr(String name, float value) {
        return new Attribute(name, value);
    }

    static Attribute attr(String name, long... values) {
        return new Attribute(name, values.clone());
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    Map<String, Tensor> constants() {
        return Map.copyOf(initializers);
    }

    /** The same graph with every node output also declared as a graph output (to read intermediates). */
    ModelGraph withEveryValueAsOutput() {
        ModelGraph copy = new ModelGraph();
        copy.inputs.addAll(inputs);
        copy.initializers.putAll(initializers);
        copy.nodes.addAll(nodes);
        Set<String> declared = new LinkedHashSet<>();
        for (Value v : outputs) {
            declared.add(v.name());
        }
        copy.outputs.addAll(outputs);
        for (Node n : nodes) {
            if (declared.add(n.output())) {
                copy.outputs.add(new Value(n.output(), n.dtype(), null));
            }
        }
        return copy;
    }

    /**
     * A model of node {@code index} alone: its constant inputs stay constants, its other inputs become
     * graph inputs of the types of {@code values} (the intermediates a full run produced).
     */
    ModelGraph singleNode(int index, Map<String, Tensor> values) {
        Node node = nodes.get(index);
        ModelGraph single = new ModelGraph();
        for (String in : node.inputs()) {
            if (in.isEmpty()) {
                continue;
            }
            if (initializers.containsKey(in)) {
                single.initializers.putIfAbsent(in, initializers.get(in));
            } else if (single.inputs.stream().noneMatch(v -> v.name().equals(in))) {
                Tensor value = values.get(in);
                single.input(in, value.dtype(), value.shape());
            }
        }
        single.nodes.add(node);
        single.output(node.output());
        return single;
    }

    /** The declared graph inputs that a run must feed. */
    List<Value> inputs() {
        return List.copyOf(inputs);
    }

    byte[] toOnnx() {
        WireWriter graph = new WireWriter();
        for (Node n : nodes) {
            graph.messageField(1, encode(n));
        }
        graph.stringField(2, "lockstep-benchmark");
        for (Map.Entry<String, Tensor> e : initializers.entrySet()) {
            graph.messageField(5, TensorProtoEncoder.encode(e.getKey(), e.getValue()));
        }
        for (Value v : inputs) {
            graph.messageField(11, encode(v));
        }
        for (Value v : outputs) {
            graph.messageField(12, encode(v));
        }
        return new WireWriter()
                .varintField(1, IR_VERSION)
                .stringField(2, "lockstep-benchmarks")
                .messageField(7, graph)
                .messageField(8, new WireWriter().stringField(1, "").varintField(2, OPSET))
                .toByteArray();
    }

    private static WireWriter encode(Node n) {
        WireWriter node = new WireWriter();
        for (String in : n.inputs()) {
            node.stringField(1, in);
        }
        node.stringField(2, n.output());
        node.stringField(3, n.output() + "_node");
        node.stringField(4, n.opType());
        for (Attribute a : n.attributes()) {
            node.messageField(5, encode(a));
        }
        return node;
    }

    // AttributeProto: name 1, f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7).
    private static WireWriter encode(Attribute a) {
        WireWriter out = new WireWriter().stringField(1, a.name());
        if (a.value() instanceof Long l) {
            return out.varintField(3, l).varintField(20, 2);
        } else if (a.value() instanceof Float f) {
            return out.floatField(2, f).varintField(20, 1);
        } else if (a.value() instanceof String s) {
            return out.stringField(4, s).varintField(20, 3);
        } else if (a.value() instanceof long[] values) {
            return out.packedVarints(8, values).varintField(20, 7);
        }
        throw new IllegalArgumentException("attribute " + a.name() + " has an unsupported value");
    }

    // ValueInfoProto: name 1, type 2 -> TypeProto.tensor_type 1 -> elem_type 1, shape 2 -> dim 1 -> dim_value 1.
    private static WireWriter encode(Value v) {
        WireWriter tensorType = new WireWriter().varintField(1, v.dtype().onnxCode());
        if (v.shape() != null) {
            WireWriter shape = new WireWriter();
            for (int d : v.shape()) {
                shape.messageField(1, new WireWriter().varintField(1, d));
            }
            tensorType.messageField(2, shape);
        }
        return new WireWriter().stringField(1, v.name()).messageField(2, new WireWriter().messageField(1, tensorType));
    }
}
