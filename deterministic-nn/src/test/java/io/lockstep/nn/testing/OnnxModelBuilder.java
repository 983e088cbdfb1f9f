package io.lockstep.nn.testing;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.internal.proto.TensorProtoEncoder;
import io.lockstep.nn.internal.proto.WireWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for tests, with our own protobuf writer and the onnx.proto field numbers.
 * Dimensions given as -1 are written as a symbolic dimension {@code N}.
 */
public final class OnnxModelBuilder {
    private final List<WireWriter> nodes = new ArrayList<>();
    private final List<WireWriter> initializers = new ArrayList<>();
    private final List<WireWriter> inputs = new ArrayList<>();
    private final List<WireWriter> outputs = new ArrayList<>();
    private long opset = 17;
    private long irVersion = 8;

    public OnnxModelBuilder opset(long version) {
        this.opset = version;
        return this;
    }

    public OnnxModelBuilder input(String name, DType dtype, long... dims) {
        inputs.add(valueInfo(name, dtype.onnxCode(), dims));
        return this;
    }

    /** A declared input whose element type is given by its raw ONNX code (for unsupported types). */
    public OnnxModelBuilder inputOfType(String name, int onnxType, long... dims) {
        inputs.add(valueInfo(name, onnxType, dims));
        return this;
    }

    /** An input declared without any shape. */
    public OnnxModelBuilder inputWithoutShape(String name, DType dtype) {
        WireWriter tensorType = new WireWriter().varintField(1, dtype.onnxCode());
        WireWriter type = new WireWriter().messageField(1, tensorType);
        inputs.add(new WireWriter().stringField(1, name).messageField(2, type));
        return this;
    }

    public OnnxModelBuilder output(String name, DType dtype, long... dims) {
        outputs.add(valueInfo(name, dtype.onnxCode(), dims));
        return this;
    }

    /** An output declared with its element type only. */
    public OnnxModelBuilder output(String name, DType dtype) {
        WireWriter tensorType = new WireWriter().varintField(1, dtype.onnxCode());
        WireWriter type = new WireWriter().messageField(1, tensorType);
        outputs.add(new WireWriter().stringField(1, name).messageField(2, type));
        return this;
    }

    public OnnxModelBuilder initializer(String name, Tensor value) {
        initializers.add(TensorProtoEncoder.encode(name, value));
        return this;
    }

    public NodeBuilder node(String opType) {
        return new NodeBuilder(opType);
    }

    public byte[] build() {
        WireWriter graph = new WireWriter();
        for (WireWriter n : nodes) {
            graph.messageField(1, n);
        }
        graph.stringField(2, "test");
        for (WireWriter t : initializers) {
            graph.messageField(5, t);
        }
        for (WireWriter v : inputs) {
            graph.messageField(11, v);
        }
        for (WireWriter v : outputs) {
            graph.messageField(12, v);
        }
        WireWriter model = new WireWriter()
                .varintField(1, irVersion)
                .stringField(2, "lockstep-tests")
                .messageField(7, graph)
                .messageField(8, new WireWriter().stringField(1, "").varintField(2, opset));
        return model.toByteArray();
    }

    private static WireWriter valueInfo(String name, int elemType, long... dims) {
        WireWriter shape = new WireWriter();
        for (long d : dims) {
            WireWriter dim = d >= 0 ? new WireWriter().varintField(1, d) : new WireWriter().stringField(2, "N");
            shape.messageField(1, dim);
        }
        WireWriter tensorType = new WireWriter().varintField(1, elemType).messageField(2, shape);
        WireWriter type = new WireWriter().messageField(1, tensorType);
        return new WireWriter().stringField(1, name).messageField(2, type);
    }

    /** One node; {@link #add()} appends it to the graph. */
    public final class NodeBuilder {
        private final WireWriter node = new WireWriter();
        private final List<WireWriter> attributes = new ArrayList<>();
        private final String opType;
        private String name = "";
        private final List<String> ins = new ArrayList<>();
        private final List<String> outs = new ArrayList<>();

        private NodeBuilder(String opType) {
            this.opType = opType;
        }

        public NodeBuilder name(String nodeName) {
            this.name = nodeName;
            return this;
        }

        public NodeBuilder inputs(String... names) {
            ins.addAll(List.of(names));
            return this;
        }

        public NodeBuilder outputs(String... names) {
            outs.addAll(List.of(names));
            return this;
        }

        public NodeBuilder attr(String attrName, long value) {
            attributes.add(new WireWriter()
                    .stringField(1, attrName)
                    .varintField(3, value)
                    .varintField(20, 2));
            return this;
        }

        public NodeBuilder attr(String attrName, float value) {
            attributes.add(new WireWriter()
                    .stringField(1, attrName)
                    .floatField(2, value)
                    .varintField(20, 1));
            return this;
        }

        public NodeBuilder attr(String attrName, String value) {
            attributes.add(new WireWriter()
                    .stringField(1, attrName)
                    .stringField(4, value)
                    .varintField(20, 3));
            return this;
        }

        public NodeBuilder attr(String attrName, long[] values) {
            attributes.add(new WireWriter()
                    .stringField(1, attrName)
                    .packedVarints(8, values)
                    .varintField(20, 7));
            return this;
        }

        public NodeBuilder attr(String attrName, Tensor value) {
            attributes.add(new WireWriter()
                    .stringField(1, attrName)
                    .messageField(5, TensorProtoEncoder.encode("", value))
                    .varintField(20, 4));
            return this;
        }

        public OnnxModelBuilder add() {
            for (String in : ins) {
                node.stringField(1, in);
            }
            for (String out : outs) {
                node.stringField(2, out);
            }
            if (!name.isEmpty()) {
                node.stringField(3, name);
            }
            node.stringField(4, opType);
            for (WireWriter a : attributes) {
                node.messageField(5, a);
            }
            nodes.add(node);
            return OnnxModelBuilder.this;
        }
    }

    /** Convenience: a float tensor of the given shape filled with {@code start, start+step, ...}. */
    public static Tensor ramp(int[] shape, float start, float step) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = start + step * i;
        }
        return Tensor.ofFloats(shape, data);
    }
}
