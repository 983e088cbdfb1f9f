package io.lockstep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.nn.internal.proto.WireWriter;
import org.junit.jupiter.api.Test;

class TensorProtoCodecTest {
    @Test
    void roundTripsEveryDtypeThroughRawData() {
        Tensor[] tensors = {
            Tensor.ofFloats(new int[] {2, 2}, 1.5f, -0f, Float.NaN, Float.NEGATIVE_INFINITY),
            Tensor.ofInts(new int[] {3}, Integer.MIN_VALUE, 0, 7),
            Tensor.ofLongs(new int[] {1, 2}, Long.MAX_VALUE, -3),
            Tensor.ofBytes(DType.INT8, new int[] {2}, (byte) -128, (byte) 5),
            Tensor.ofBytes(DType.UINT8, new int[] {2}, (byte) 255, (byte) 0),
            Tensor.ofBooleans(new int[] {3}, true, false, true),
            Tensor.scalar(3f),
            Tensor.zeros(DType.FLOAT, new int[] {0, 4})
        };
        for (Tensor t : tensors) {
            NamedTensor back = TensorProtoCodec.decode(TensorProtoCodec.encode("t", t));
            assertEquals("t", back.name());
            assertEquals(t, back.tensor());
        }
    }

    @Test
    void readsTypedFieldsPackedAndUnpacked() {
        byte[] packedFloats = new WireWriter()
                .packedVarints(1, new long[] {3})
                .varintField(2, DType.FLOAT.onnxCode())
                .packedFloats(4, new float[] {1f, 2f, 3f})
                .toByteArray();
        assertArrayEquals(
                new float[] {1f, 2f, 3f},
                TensorProtoCodec.decode(packedFloats).tensor().toFloatArray());
        byte[] unpackedFloats = new WireWriter()
                .varintField(1, 2)
                .varintField(2, DType.FLOAT.onnxCode())
                .floatField(4, 4f)
                .floatField(4, 5f)
                .toByteArray();
        assertArrayEquals(
                new float[] {4f, 5f},
                TensorProtoCodec.decode(unpackedFloats).tensor().toFloatArray());
        byte[] int8s = new WireWriter()
                .varintField(1, 3)
                .varintField(2, DType.INT8.onnxCode())
                .packedVarints(5, new long[] {-1, 127, -128})
                .toByteArray();
        assertArrayEquals(
                new long[] {-1, 127, -128},
                TensorProtoCodec.decode(int8s).tensor().toLongValues());
        byte[] int64s = new WireWriter()
                .varintField(1, 2)
                .varintField(2, DType.INT64.onnxCode())
                .varintField(7, -5)
                .varintField(7, 1L << 40)
                .toByteArray();
        assertArrayEquals(
                new long[] {-5, 1L << 40},
                TensorProtoCodec.decode(int64s).tensor().toLongArray());
        byte[] bools = new WireWriter()
                .varintField(1, 2)
                .varintField(2, DType.BOOL.onnxCode())
                .packedVarints(5, new long[] {0, 2})
                .toByteArray();
        assertArrayEquals(
                new long[] {0, 1}, TensorProtoCodec.decode(bools).tensor().toLongValues());
    }

    @Test
    void refusesCountsThatDoNotMatchTheShape() {
        byte[] tooFew = new WireWriter()
                .varintField(1, 4)
                .varintField(2, DType.INT32.onnxCode())
                .packedVarints(5, new long[] {1, 2, 3})
                .toByteArray();
        assertEquals(
                NnErrorCode.MALFORMED_MODEL,
                assertThrows(NnException.class, () -> TensorProtoCodec.decode(tooFew))
                        .code());
        byte[] wrongField = new WireWriter()
                .varintField(1, 1)
                .varintField(2, DType.INT32.onnxCode())
                .packedFloats(4, new float[] {1f})
                .toByteArray();
        assertEquals(
                NnErrorCode.MALFORMED_MODEL,
                assertThrows(NnException.class, () -> TensorProtoCodec.decode(wrongField))
                        .code());
        byte[] doubles = new WireWriter().varintField(1, 1).varintField(2, 11).toByteArray();
        assertEquals(
                NnErrorCode.UNSUPPORTED_DTYPE,
                assertThrows(NnException.class, () -> TensorProtoCodec.decode(doubles))
                        .code());
    }
}
