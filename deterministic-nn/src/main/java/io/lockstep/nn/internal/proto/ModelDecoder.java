package io.lockstep.nn.internal.proto;

import io.lockstep.nn.NamedTensor;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.NnLimits;
import io.lockstep.nn.OnnxAttribute;
import io.lockstep.nn.OnnxGraph;
import io.lockstep.nn.OnnxNode;
import io.lockstep.nn.OpsetImport;
import io.lockstep.nn.ValueInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an ONNX {@code ModelProto} and the messages inside it, by the field numbers of onnx.proto.
 * Unknown fields are skipped; subgraphs (attributes of If, Loop, Scan) are skipped without being
 * decoded, so nesting cannot grow the stack. Every list entry decoded (node, name, attribute, list
 * element, initializer, value info) counts against one budget, {@link #MAX_ENTRIES}, so that a model
 * made of millions of tiny entries cannot turn a few bytes each into tens of bytes of objects.
 */
public final class ModelDecoder {
    /** Entries a model may decode; see the class comment. Part of the kernel set's limits. */
    public static final int MAX_ENTRIES = 1 << 20;

    /** What {@link #decodeModel} returns; {@code OnnxModel} wraps it. */
    public record DecodedModel(
            long irVersion,
            String producerName,
            String producerVersion,
            List<OpsetImport> opsetImports,
            OnnxGraph graph) {}

    private final NnLimits limits;
    private final TensorProtoDecoder tensors;
    private int entries;

    public ModelDecoder(NnLimits limits) {
        this.limits = limits;
        this.tensors = new TensorProtoDecoder(limits);
    }

    public DecodedModel decodeModel(byte[] bytes) {
        if (bytes.length > limits.maxModelBytes()) {
            throw new NnException(
                    NnErrorCode.LIMIT_EXCEEDED,
                    "model of " + bytes.length + " bytes exceeds " + limits.maxModelBytes());
        }
        WireReader in = new WireReader(bytes, "ModelProto");
        long irVersion = 0;
        String producerName = "";
        String producerVersion = "";
        List<OpsetImport> opsets = new ArrayList<>();
        OnnxGraph graph = null;
        while (in.hasMore()) {
            switch (in.readTag()) {
                case 1 -> irVersion = in.readInt64();
                case 2 -> producerName = string(in);
                case 3 -> producerVersion = string(in);
                case 7 -> {
                    if (graph != null) {
                        throw in.malformed("two graphs");
                    }
                    graph = decodeGraph(message(in, "GraphProto"));
                }
                case 8 -> {
                    count();
                    opsets.add(decodeOpset(message(in, "OperatorSetIdProto")));
                }
                case 25 -> throw new NnException(
                        NnErrorCode.UNSUPPORTED_OPERATOR, "model-local functions are not supported");
                default -> in.skipField();
            }
        }
        if (graph == null) {
            throw in.malformed("no graph");
        }
        return new DecodedModel(irVersion, producerName, producerVersion, opsets, graph);
    }

    private OpsetImport decodeOpset(WireReader in) {
        String domain = "";
        long version = 0;
        while (in.hasMore()) {
            switch (in.readTag()) {
                case 1 -> domain = string(in);
                case 2 -> version = in.readInt64();
                default -> in.skipField();
            }
        }
        return new OpsetImport(domain, version);
    }

    private OnnxGraph decodeGraph(WireReader in) {
        String name = "";
        List<OnnxNode> nodes = new ArrayList<>();
        List<NamedTensor> initializers = new ArrayList<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        List<ValueInfo> valueInfo = new ArrayList<>();
        while (in.hasMore()) {
            switch (in.readTag()) {
                case 1 -> {
                    if (nodes.size() >= limits.maxNodes()) {
                        throw new NnException(
                                NnErrorCode.LIMIT_EXCEEDED, "graph has more than " + limits.maxNodes() + " nodes");
                    }
                    count();
                    nodes.add(decodeNode(message(in, "NodeProto")));
                }
                case 2 -> name = string(in);
                case 5 -> {
                    count();
                    initializers.add(tensors.decode(message(in, "TensorProto")));
                }
                case 15 -> throw new NnException(
                        NnErrorCode.UNSUPPORTED_DTYPE, "sparse initializers are not supported");
                case 11 -> inputs.add(decodeValueInfo(message(in, "ValueInfoProto")));
                case 12 -> outputs.add(decodeValueInfo(message(in, "ValueInfoProto")));
                case 13 -> valueInfo.add(decodeValueInfo(message(in, "ValueInfoProto")));
                default -> in.skipField();
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs, valueInfo);
    }

    private OnnxNode decodeNode(WireReader in) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        List<OnnxAttribute> attributes = new ArrayList<>();
        while (in.hasMore()) {
            switch (in.readTag()) {
                case 1 -> {
                    count();
                    inputs.add(string(in));
                }
                case 2 -> {
                    count();
                    outputs.add(string(in));
                }
                case 3 -> name = string(in);
                case 4 -> opType = string(in);
                case 7 -> domain = string(in);
                case 5 -> {
                    count();
                    attributes.add(decodeAttribute(message(in, "AttributeProto")));
                }
                default -> in.skipField();
            }
        }
        if (opType.isEmpty()) {
            throw in.malformed("node '" + name + "' has no op_type");
        }
        return new OnnxNode(name, opType, domain, inputs, outputs, attributes);
    }

    // AttributeProto.AttributeType numbers.
    private static final int FLOAT = 1;
    private static final int INT = 2;
    private static final int STRING = 3;
    private static final int TENSOR = 4;
    private static final int FLOATS = 6;
    private static final int INTS = 7;
    private static final int STRINGS = 8;

    private OnnxAttribute decodeAttribute(WireReader in) {
        String name = "";
        int type = 0;
        int inferred = 0;
        float f = 0;
        long i = 0;
        String s = "";
        NamedTensor t = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        List<String> strings = new ArrayList<>();
        boolean reference = false;
        while (in.hasMore()) {
            int field = in.readTag();
            switch (field) {
                case 1 -> name = string(in);
                case 20 -> type = in.readInt32();
                case 21 -> {
                    string(in);
                    reference = true;
                }
                case 2 -> {
                    in.expect(WireReader.FIXED32);
                    f = in.readFloat();
                    inferred = FLOAT;
                }
                case 3 -> {
                    i = in.readInt64();
                    inferred = INT;
                }
                case 4 -> {
                    s = string(in);
                    inferred = STRING;
                }
                case 5 -> {
                    t = tensors.decode(message(in, "TensorProto"));
                    inferred = TENSOR;
                }
                case 7 -> {
                    readFloats(in, floats);
                    inferred = FLOATS;
                }
                case 8 -> {
                    readInts(in, ints);
                    inferred = INTS;
                }
                case 9 -> {
                    count();
                    strings.add(string(in));
                    inferred = STRINGS;
                }
                case 6, 10, 11, 14, 15, 22, 23 -> {
                    in.skipField();
                    inferred = inferred == 0 ? -field : inferred;
                }
                default -> in.skipField();
            }
        }
        if (reference) {
            throw new NnException(NnErrorCode.INVALID_MODEL, "attribute '" + name + "' refers to a function attribute");
        }
        if (type == 0) {
            // IR version 1 had no type field: the field that is present says it.
            type = inferred > 0 ? inferred : 0;
        }
        return switch (type) {
            case FLOAT -> new OnnxAttribute.FloatValue(name, f);
            case INT -> new OnnxAttribute.IntValue(name, i);
            case STRING -> new OnnxAttribute.StringValue(name, s);
            case TENSOR -> {
                if (t == null) {
                    throw in.malformed("tensor attribute '" + name + "' without a tensor");
                }
                yield new OnnxAttribute.TensorValue(name, t.tensor());
            }
            case FLOATS -> new OnnxAttribute.FloatsValue(name, floats.toArray());
            case INTS -> new OnnxAttribute.IntsValue(name, ints.toArray());
            case STRINGS -> new OnnxAttribute.StringsValue(name, strings);
            default -> new OnnxAttribute.Unsupported(name, type);
        };
    }

    private ValueInfo decodeValueInfo(WireReader in) {
        count();
        String name = "";
        TypeInfo type = new TypeInfo(false, 0, null);
        while (in.hasMore()) {
            switch (in.readTag()) {
                case 1 -> name = string(in);
                case 2 -> type = decodeType(message(in, "TypeProto"));
                default -> in.skipField();
            }
        }
        return new ValueInfo(name, type.tensor, type.elemType, type.shape);
    }

    private record TypeInfo(boolean tensor, int elemType, List<ValueInfo.Dim> shape) {}

    private TypeInfo decodeType(WireReader in) {
        TypeInfo type = new TypeInfo(false, 0, null);
        while (in.hasMore()) {
            if (in.readTag() == 1) {
                type = decodeTensorType(message(in, "TypeProto.Tensor"));
            } else {
                // Sequences, maps, optionals and sparse tensors: not tensors, and not decoded further.
                in.skipField();
                type = new TypeInfo(false, 0, null);
            }
        }
        return type;
    }

    private TypeInfo decodeTensorType(WireReader in) {
        int elemType = 0;
        List<ValueInfo.Dim> shape = null;
        while (in.hasMore()) {
            switch (in.readTag()) {
                case 1 -> elemType = in.readInt32();
                case 2 -> shape = decodeShape(message(in, "TensorShapeProto"));
                default -> in.skipField();
            }
        }
        return new TypeInfo(true, elemType, shape);
    }

    private List<ValueInfo.Dim> decodeShape(WireReader in) {
        List<ValueInfo.Dim> dims = new ArrayList<>();
        while (in.hasMore()) {
            if (in.readTag() == 1) {
                if (dims.size() >= limits.maxRank()) {
                    throw new NnException(
                            NnErrorCode.LIMIT_EXCEEDED, "a declared shape has rank above " + limits.maxRank());
                }
                dims.add(decodeDim(message(in, "TensorShapeProto.Dimension")));
            } else {
                in.skipField();
            }
        }
        return dims;
    }

    private ValueInfo.Dim decodeDim(WireReader in) {
        long value = -1;
        String param = "";
        while (in.hasMore()) {
            switch (in.readTag()) {
                case 1 -> value = in.readInt64();
                case 2 -> {
                    param = string(in);
                    value = -1;
                }
                default -> in.skipField();
            }
        }
        return new ValueInfo.Dim(value, param);
    }

    private void readFloats(WireReader in, FloatList out) {
        if (in.wireType() == WireReader.LENGTH_DELIMITED) {
            WireReader packed = in.readMessage("packed floats");
            while (packed.hasMore()) {
                count();
                out.add(packed.readFloat());
            }
        } else {
            in.expect(WireReader.FIXED32);
            count();
            out.add(in.readFloat());
        }
    }

    private void readInts(WireReader in, LongList out) {
        if (in.wireType() == WireReader.LENGTH_DELIMITED) {
            WireReader packed = in.readMessage("packed ints");
            while (packed.hasMore()) {
                count();
                out.add(packed.readVarint());
            }
        } else {
            count();
            out.add(in.readInt64());
        }
    }

    private void count() {
        if (++entries > MAX_ENTRIES) {
            throw new NnException(NnErrorCode.LIMIT_EXCEEDED, "model has more than " + MAX_ENTRIES + " list entries");
        }
    }

    private static WireReader message(WireReader in, String name) {
        in.expect(WireReader.LENGTH_DELIMITED);
        return in.readMessage(name);
    }

    private static String string(WireReader in) {
        in.expect(WireReader.LENGTH_DELIMITED);
        return in.readString();
    }

    private static final class FloatList {
        private float[] values = new float[8];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    private static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
