package io.lockstep.nn;

import io.lockstep.nn.internal.TensorArrays;
import io.lockstep.nn.internal.TensorBridge;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable dense tensor: an element type, a shape and its elements in row-major order. Floats are
 * stored as {@code float[]}, int8/uint8/bool as {@code byte[]} (bool as 0 or 1), int32 as {@code int[]},
 * int64 as {@code long[]}. Factories copy their arrays and accessors return copies, so a tensor never
 * changes once made.
 *
 * <p>Equality is bitwise: same dtype, same shape, same element bits (two NaNs with different payloads
 * differ, {@code 0.0} and {@code -0.0} differ).
 */
public final class Tensor {
    static {
        TensorBridge.install(new TensorBridge.Access() {
            @Override
            public Tensor wrap(DType dtype, int[] shape, Object data) {
                return new Tensor(dtype, shape, data);
            }

            @Override
            public Object data(Tensor tensor) {
                return tensor.data;
            }

            @Override
            public int[] shape(Tensor tensor) {
                return tensor.shape;
            }
        });
    }

    private final DType dtype;
    private final int[] shape;
    private final Object data;

    private Tensor(DType dtype, int[] shape, Object data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    // ---- factories

    public static Tensor ofFloats(int[] shape, float... data) {
        return new Tensor(DType.FLOAT, checkedShape(shape, data.length), data.clone());
    }

    public static Tensor ofInts(int[] shape, int... data) {
        return new Tensor(DType.INT32, checkedShape(shape, data.length), data.clone());
    }

    public static Tensor ofLongs(int[] shape, long... data) {
        return new Tensor(DType.INT64, checkedShape(shape, data.length), data.clone());
    }

    /** An int8, uint8 or bool tensor from bytes (for bool, any non-zero byte is true). */
    public static Tensor ofBytes(DType dtype, int[] shape, byte... data) {
        if (!dtype.isByteStored()) {
            throw new IllegalArgumentException(dtype + " is not stored as bytes");
        }
        byte[] copy = data.clone();
        if (dtype == DType.BOOL) {
            for (int i = 0; i < copy.length; i++) {
                copy[i] = (byte) (copy[i] != 0 ? 1 : 0);
            }
        }
        return new Tensor(dtype, checkedShape(shape, data.length), copy);
    }

    public static Tensor ofBooleans(int[] shape, boolean... data) {
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            bytes[i] = (byte) (data[i] ? 1 : 0);
        }
        return new Tensor(DType.BOOL, checkedShape(shape, data.length), bytes);
    }

    public static Tensor scalar(float value) {
        return ofFloats(new int[0], value);
    }

    public static Tensor zeros(DType dtype, int[] shape) {
        int size = elementCount(checkedShape(shape, -1));
        return new Tensor(dtype, shape.clone(), TensorArrays.newArray(dtype, size));
    }

    /** A tensor from its little-endian encoding, {@code dtype.byteSize()} bytes per element. */
    public static Tensor fromLittleEndianBytes(DType dtype, int[] shape, byte[] bytes) {
        int size = elementCount(checkedShape(shape, -1));
        if ((long) size * dtype.byteSize() != bytes.length) {
            throw new IllegalArgumentException("expected " + (long) size * dtype.byteSize() + " bytes for " + dtype
                    + Arrays.toString(shape) + ", got " + bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Object data = TensorArrays.newArray(dtype, size);
        switch (dtype) {
            case FLOAT -> in.asFloatBuffer().get((float[]) data);
            case INT32 -> in.asIntBuffer().get((int[]) data);
            case INT64 -> in.asLongBuffer().get((long[]) data);
            case INT8, UINT8 -> in.get((byte[]) data);
            case BOOL -> {
                byte[] out = (byte[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = (byte) (bytes[i] != 0 ? 1 : 0);
                }
            }
        }
        return new Tensor(dtype, shape.clone(), data);
    }

    // ---- accessors

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape; a scalar has shape {@code []}. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements (1 for a scalar, 0 if any dimension is 0). */
    public int size() {
        return elementCount(shape);
    }

    public float floatAt(int index) {
        return ((float[]) typed(DType.FLOAT))[index];
    }

    /** An integer or bool element widened to long: uint8 as 0..255, bool as 0 or 1. */
    public long longAt(int index) {
        return switch (dtype) {
            case INT64 -> ((long[]) data)[index];
            case INT32 -> ((int[]) data)[index];
            case INT8, BOOL -> ((byte[]) data)[index];
            case UINT8 -> ((byte[]) data)[index] & 0xff;
            case FLOAT -> throw new IllegalStateException("float tensor has no integer elements");
        };
    }

    public boolean booleanAt(int index) {
        return ((byte[]) typed(DType.BOOL))[index] != 0;
    }

    public float[] toFloatArray() {
        return ((float[]) typed(DType.FLOAT)).clone();
    }

    public int[] toIntArray() {
        return ((int[]) typed(DType.INT32)).clone();
    }

    public long[] toLongArray() {
        return ((long[]) typed(DType.INT64)).clone();
    }

    /** Elements of an int8, uint8 or bool tensor. */
    public byte[] toByteArray() {
        if (!dtype.isByteStored()) {
            throw new IllegalStateException(dtype + " tensor is not stored as bytes");
        }
        return ((byte[]) data).clone();
    }

    /** Every element widened to long (see {@link #longAt}); for integer and bool tensors. */
    public long[] toLongValues() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = longAt(i);
        }
        return out;
    }

    /** The ONNX {@code raw_data} encoding: elements in order, little-endian, bools one byte each. */
    public byte[] toLittleEndianBytes() {
        int size = size();
        ByteBuffer out = ByteBuffer.allocate(size * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT -> out.asFloatBuffer().put((float[]) data, 0, size);
            case INT32 -> out.asIntBuffer().put((int[]) data, 0, size);
            case INT64 -> out.asLongBuffer().put((long[]) data, 0, size);
            case INT8, UINT8, BOOL -> out.put((byte[]) data, 0, size);
        }
        return out.array();
    }

    /** Same dtype and shape (ignoring the elements). */
    public boolean sameTypeAndShape(Tensor other) {
        return dtype == other.dtype && Arrays.equals(shape, other.shape);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tensor other) || !sameTypeAndShape(other)) {
            return false;
        }
        return switch (dtype) {
            case FLOAT -> floatBitsEqual((float[]) data, (float[]) other.data);
            case INT32 -> Arrays.equals((int[]) data, (int[]) other.data);
            case INT64 -> Arrays.equals((long[]) data, (long[]) other.data);
            case INT8, UINT8, BOOL -> Arrays.equals((byte[]) data, (byte[]) other.data);
        };
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(dtype, Arrays.hashCode(shape));
        return 31 * h + Arrays.hashCode(toLittleEndianBytes());
    }

    @Override
    public String toString() {
        StringBuilder text =
                new StringBuilder(dtype.name()).append(Arrays.toString(shape)).append('{');
        int shown = Math.min(size(), 8);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(dtype == DType.FLOAT ? Float.toString(floatAt(i)) : Long.toString(longAt(i)));
        }
        if (size() > shown) {
            text.append(", ...");
        }
        return text.append('}').toString();
    }

    // ---- helpers

    private Object typed(DType expected) {
        if (dtype != expected) {
            throw new IllegalStateException(dtype + " tensor read as " + expected);
        }
        return data;
    }

    private static boolean floatBitsEqual(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Element count of a shape; the shape must have been checked (non-negative, fits an int). */
    static int elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        return (int) count;
    }

    private static int[] checkedShape(int[] shape, int expectedSize) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many elements in " + Arrays.toString(shape));
            }
        }
        if (expectedSize >= 0 && count != expectedSize) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + count + " elements, got " + expectedSize);
        }
        return shape.clone();
    }
}
