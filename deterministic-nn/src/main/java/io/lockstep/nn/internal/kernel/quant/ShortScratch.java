package io.lockstep.nn.internal.kernel.quant;

/**
 * Per-thread {@code short[]} buffers for the int8 kernels, which the framework's {@code Scratch} does not
 * offer: B' packed at run time, rows of A', broadcast pairs. Reused across kernels and runs like {@code
 * Scratch}; contents are unspecified when handed out.
 */
final class ShortScratch {
    /** Slot of B' packed at run time: a MatMul's B, a convolution's im2col tile. */
    static final int PACKED = 0;
    /** Slot of rows of A': a MatMul's current rows, a convolution's weights prepared at run time. */
    static final int ROWS = 1;
    /** Slot of the broadcast pairs of {@link Int8Gemm#multiply}. */
    static final int PAIRS = 2;

    private static final ThreadLocal<ShortScratch> CURRENT = ThreadLocal.withInitial(ShortScratch::new);

    private final short[][] slots = {new short[0], new short[0], new short[0]};

    private ShortScratch() {}

    /** The calling thread's buffers. */
    static ShortScratch current() {
        return CURRENT.get();
    }

    short[] get(int slot, int minLength) {
        if (slots[slot].length < minLength) {
            slots[slot] = new short[minLength];
        }
        return slots[slot];
    }
}
