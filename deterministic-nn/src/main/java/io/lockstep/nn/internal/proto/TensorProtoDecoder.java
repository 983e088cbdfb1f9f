package io.lockstep.nn.internal.proto;

import io.lockstep.nn.DType;
import io.lockstep.nn.NamedTensor;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.NnLimits;
import io.lockstep.nn.internal.TensorArrays;
import io.lockstep.nn.internal.TensorBridge;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an ONNX {@code TensorProto} (field numbers of onnx.proto). The data may come as
 * {@code raw_data} or in the typed repeated fields ({@code float_data}, {@code int32_data},
 * {@code int64_data}), packed or not. The fields are located in a first pass and the element count
 * checked against the limits and against the bytes actually present before any array is allocated.
 */
public final class TensorProtoDecoder {
    private static final int DIMS = 1;
    private static final int DATA_TYPE = 2;
    private static final int SEGMENT = 3;
    private static final int FLOAT_DATA = 4;
    private static final int INT32_DATA = 5;
    private static final int STRING_DATA = 6;
    private static final int INT64_DATA = 7;
    private static final int NAME = 8;
    private static final int RAW_DATA = 9;
    private static final int DOUBLE_DATA = 10;
    private static final int UINT64_DATA = 11;
    private static final int EXTERNAL_DATA = 13;
    private static final int DATA_LOCATION = 14;

    private static final int DATA_LOCATION_EXTERNAL = 1;

    private final NnLimits limits;

    public TensorProtoDecoder(NnLimits limits) {
        this.limits = limits;
    }

    /** Where one occurrence of a repeated data field lies. */
    private record Run(int offset, int length, int wireType) {}

    public NamedTensor decode(WireReader in) {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        Run raw = null;
        List<Run> floats = new ArrayList<>();
        List<Run> int32s = new ArrayList<>();
        List<Run> int64s = new ArrayList<>();
        boolean otherData = false;
        while (in.hasMore()) {
            int field = in.readTag();
            switch (field) {
                case DIMS -> readInt64s(in, dims);
                case DATA_TYPE -> dataType = in.readInt32();
                case NAME -> {
                    in.expect(WireReader.LENGTH_DELIMITED);
                    name = in.readString();
                }
                case RAW_DATA -> {
                    in.expect(WireReader.LENGTH_DELIMITED);
                    int length = in.readLength();
                    raw = new Run(in.position(), length, WireReader.LENGTH_DELIMITED);
                    in = skipAhead(in, length);
                }
                case FLOAT_DATA -> in = recordRun(in, floats);
                case INT32_DATA -> in = recordRun(in, int32s);
                case INT64_DATA -> in = recordRun(in, int64s);
                case STRING_DATA, DOUBLE_DATA, UINT64_DATA -> {
                    otherData = true;
                    in.skipField();
                }
                case SEGMENT -> throw new NnException(
                        NnErrorCode.UNSUPPORTED_ATTRIBUTE, "tensor " + quoted(name) + " is segmented");
                case EXTERNAL_DATA -> throw externalData(name);
                case DATA_LOCATION -> {
                    if (in.readInt32() == DATA_LOCATION_EXTERNAL) {
                        throw externalData(name);
                    }
                }
                default -> in.skipField();
            }
        }
        String where = "tensor " + quoted(name);
        DType dtype = DType.requireOnnxCode(dataType, where);
        int[] shape = checkedShape(dims, where);
        int count = 1;
        for (int d : shape) {
            count *= d;
        }
        Object data;
        if (raw != null) {
            long expected = (long) count * dtype.byteSize();
            if (raw.length != expected) {
                throw in.malformed(where + ": raw_data has " + raw.length + " bytes, shape needs " + expected);
            }
            data = decodeRaw(in.slice(raw.offset, raw.length, where), dtype, count);
        } else {
            List<Run> runs =
                    switch (dtype) {
                        case FLOAT -> floats;
                        case INT64 -> int64s;
                        case INT32, INT8, UINT8, BOOL -> int32s;
                    };
            if (otherData
                    || (runs != floats && !floats.isEmpty())
                    || (runs != int32s && !int32s.isEmpty())
                    || (runs != int64s && !int64s.isEmpty())) {
                throw in.malformed(where + ": data field does not match data type " + dtype);
            }
            data = decodeTyped(in, runs, dtype, count, where);
        }
        return new NamedTensor(name, TensorBridge.wrap(dtype, shape, data));
    }

    private int[] checkedShape(List<Long> dims, String where) {
        if (dims.size() > limits.maxRank()) {
            throw new NnException(
                    NnErrorCode.LIMIT_EXCEEDED, where + " has rank " + dims.size() + " > " + limits.maxRank());
        }
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = dims.get(i);
            if (d < 0) {
                throw new NnException(NnErrorCode.INVALID_MODEL, where + " has negative dimension " + d);
            }
            if (d > limits.maxTensorElements()) {
                throw tooLarge(where, dims);
            }
            shape[i] = (int) d;
            count *= d; // both factors <= 2^27 after the checks, no overflow
            if (count > limits.maxTensorElements()) {
                throw tooLarge(where, dims);
            }
        }
        return shape;
    }

    private NnException tooLarge(String where, List<Long> dims) {
        return new NnException(
                NnErrorCode.LIMIT_EXCEEDED,
                where + " with dims " + dims + " exceeds " + limits.maxTensorElements() + " elements");
    }

    private static void readInt64s(WireReader in, List<Long> out) {
        if (in.wireType() == WireReader.LENGTH_DELIMITED) {
            WireReader packed = in.readMessage("packed int64");
            while (packed.hasMore()) {
                out.add(packed.readVarint());
            }
        } else {
            out.add(in.readInt64());
        }
    }

    private static WireReader recordRun(WireReader in, List<Run> runs) {
        switch (in.wireType()) {
            case WireReader.LENGTH_DELIMITED -> {
                int length = in.readLength();
                runs.add(new Run(in.position(), length, WireReader.LENGTH_DELIMITED));
                return skipAhead(in, length);
            }
            case WireReader.VARINT -> {
                int start = in.position();
                in.readVarint();
                runs.add(new Run(start, in.position() - start, WireReader.VARINT));
                return in;
            }
            case WireReader.FIXED32 -> {
                int start = in.position();
                in.readFixed32();
                runs.add(new Run(start, 4, WireReader.FIXED32));
                return in;
            }
            default -> throw in.malformed("unexpected wire type " + in.wireType() + " for tensor data");
        }
    }

    private static WireReader skipAhead(WireReader in, int length) {
        in.skipBytes(length);
        return in;
    }

    private static Object decodeRaw(WireReader in, DType dtype, int count) {
        switch (dtype) {
            case FLOAT -> {
                float[] out = new float[count];
                for (int i = 0; i < count; i++) {
                    out[i] = in.readFloat();
                }
                return out;
            }
            case INT32 -> {
                int[] out = new int[count];
                for (int i = 0; i < count; i++) {
                    out[i] = in.readFixed32();
                }
                return out;
            }
            case INT64 -> {
                long[] out = new long[count];
                for (int i = 0; i < count; i++) {
                    out[i] = in.readFixed64();
                }
                return out;
            }
            default -> {
                byte[] out = in.readRemaining();
                if (dtype == DType.BOOL) {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (byte) (out[i] != 0 ? 1 : 0);
                    }
                }
                return out;
            }
        }
    }

    private static Object decodeTyped(WireReader in, List<Run> runs, DType dtype, int count, String where) {
        boolean floats = dtype == DType.FLOAT;
        long present = 0;
        for (Run run : runs) {
            boolean fits = floats ? run.wireType != WireReader.VARINT : run.wireType != WireReader.FIXED32;
            if (!fits) {
                throw in.malformed(where + ": wire type " + run.wireType + " for " + dtype + " data");
            }
            if (run.wireType != WireReader.LENGTH_DELIMITED) {
                present++;
            } else if (floats) {
                present += checkedFloatRun(in, run, where);
            } else {
                present += in.slice(run.offset, run.length, where).countPackedVarints(run.length);
            }
        }
        if (present != count) {
            throw in.malformed(where + ": has " + present + " elements, shape needs " + count);
        }
        Object data = TensorArrays.newArray(dtype, count);
        int index = 0;
        for (Run run : runs) {
            WireReader values = in.slice(run.offset, run.length, where);
            while (values.hasMore()) {
                if (floats) {
                    ((float[]) data)[index++] = values.readFloat();
                    continue;
                }
                long v = values.readVarint();
                switch (dtype) {
                    case INT64 -> ((long[]) data)[index] = v;
                    case INT32 -> ((int[]) data)[index] = (int) v;
                    case BOOL -> ((byte[]) data)[index] = (byte) (v != 0 ? 1 : 0);
                    default -> ((byte[]) data)[index] = (byte) v;
                }
                index++;
            }
        }
        return data;
    }

    private static long checkedFloatRun(WireReader in, Run run, String where) {
        if (run.length % 4 != 0) {
            throw in.malformed(where + ": packed float data of " + run.length + " bytes");
        }
        return run.length / 4;
    }

    private static NnException externalData(String name) {
        return new NnException(
                NnErrorCode.EXTERNAL_DATA,
                "tensor " + quoted(name) + " stores its data outside the model; embed it (onnx "
                        + "convert_model_from_external_data) before loading");
    }

    private static String quoted(String name) {
        return "'" + name + "'";
    }
}
