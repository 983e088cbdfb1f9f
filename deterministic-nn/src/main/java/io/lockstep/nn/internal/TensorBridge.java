package io.lockstep.nn.internal;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;

/**
 * Lets the engine's internals make and read {@link Tensor}s without copying their arrays, which the
 * public API must do to stay immutable. Internal code promises never to change an array it reads here
 * and never to keep writing to an array after wrapping it.
 */
public final class TensorBridge {
    /** What {@link Tensor} installs when it is initialized. */
    public interface Access {
        Tensor wrap(DType dtype, int[] shape, Object data);

        Object data(Tensor tensor);

        int[] shape(Tensor tensor);
    }

    private static volatile Access access;

    private TensorBridge() {}

    public static void install(Access installed) {
        access = installed;
    }

    private static Access access() {
        Access current = access;
        if (current == null) {
            // Initializing Tensor installs the access.
            Tensor.scalar(0f);
            current = access;
        }
        return current;
    }

    /** A tensor over {@code data} (not copied); the shape must match the array. */
    public static Tensor wrap(DType dtype, int[] shape, Object data) {
        return access().wrap(dtype, shape.clone(), data);
    }

    /** The tensor's own array: float[], byte[], int[] or long[] by dtype. Never write to it. */
    public static Object data(Tensor tensor) {
        return access().data(tensor);
    }

    /** The tensor's own shape array. Never write to it. */
    public static int[] shape(Tensor tensor) {
        return access().shape(tensor);
    }
}
