package io.lockstep.nn.internal.operator;

/**
 * Temporary arrays owned by one thread and reused across kernels and runs, so kernels need not
 * allocate per call. Contents are unspecified when handed out; a kernel must write before it reads.
 * Slots 0..6 of each type are independent arrays; float slots 4 to 6 belong to the register tiles of
 * the matrix products ({@code VectorFloatGemm}), which run inside kernels that hold slots 0..3.
 */
public final class Scratch {
    private static final int SLOTS = 7;

    private final float[][] floats = new float[SLOTS][0];
    private final double[][] doubles = new double[SLOTS][0];
    private final int[][] ints = new int[SLOTS][0];
    private final long[][] longs = new long[SLOTS][0];
    private final byte[][] bytes = new byte[SLOTS][0];
    private final float[][][] floatRows = new float[SLOTS][0][0];

    public float[] floats(int slot, int minLength) {
        if (floats[slot].length < minLength) {
            floats[slot] = new float[minLength];
        }
        return floats[slot];
    }

    public double[] doubles(int slot, int minLength) {
        if (doubles[slot].length < minLength) {
            doubles[slot] = new double[minLength];
        }
        return doubles[slot];
    }

    public int[] ints(int slot, int minLength) {
        if (ints[slot].length < minLength) {
            ints[slot] = new int[minLength];
        }
        return ints[slot];
    }

    public long[] longs(int slot, int minLength) {
        if (longs[slot].length < minLength) {
            longs[slot] = new long[minLength];
        }
        return longs[slot];
    }

    public byte[] bytes(int slot, int minLength) {
        if (bytes[slot].length < minLength) {
            bytes[slot] = new byte[minLength];
        }
        return bytes[slot];
    }

    /**
     * At least {@code count} separate float arrays of at least {@code width} elements each. Kernels that
     * the JIT should vectorize index several arrays from 0 in one loop: C2 packs such loops only when
     * every access has the same offset, which separate arrays give and offsets into one array do not.
     */
    public float[][] floatRows(int slot, int count, int width) {
        float[][] rows = floatRows[slot];
        if (rows.length < count) {
            rows = java.util.Arrays.copyOf(rows, count);
            floatRows[slot] = rows;
        }
        // Row by row, so that many narrow rows and a few wide ones do not add up to many wide ones.
        for (int i = 0; i < count; i++) {
            if (rows[i] == null || rows[i].length < width) {
                rows[i] = new float[width];
            }
        }
        return rows;
    }
}
