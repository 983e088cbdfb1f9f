package io.lockstep.nn.internal.kernel.linalg;

import io.lockstep.nn.internal.operator.Scratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatGemm#multiply} with the partial sums held in vector registers for the whole depth: the
 * same sum, {@code acc = fma(a[i][p], b[p][j], acc)} for p ascending from +0.0f, so the same bits as
 * the column loops (ADR 0007). Only lane-wise operations: each lane is one output element; nothing is
 * summed across lanes, so the vector width cannot change a bit. Loaded only when the JVM resolves
 * {@code jdk.incubator.vector} (see {@link FloatGemm}); never touched otherwise.
 *
 * <p>Tiles are {@link #ROWS} rows by two vectors of columns (sixteen accumulators, half of the 32
 * AVX-512 registers, leaving room for the two B vectors and the broadcast A value), walking
 * column strips inside blocks of {@link #ROW_BLOCK} rows so that the block of A stays in L2 while a B
 * strip is reused by every tile of the block. B is read as strips packed row after row
 * ({@link #packStrips}), A as tiles packed the same way; rows after whole tiles take a one-row tile.
 *
 * <p>The int8 product ({@code kernel.quant.Int8Gemm}) runs its depth slices through the same tiles
 * with {@link #multiplyColumns}: its operands are small integers held as floats, whose sums within a
 * slice are exact, so for it these are integer tiles.
 */
public final class VectorFloatGemm {
    /** 512-bit vectors where the CPU has them, else 256-bit; {@link #usable()} says whether either is native. */
    private static final VectorSpecies<Float> SPECIES =
            FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;

    private static final int LANES = SPECIES.length();
    /** Rows per register tile; callers hand the column loops rows short of a whole tile. */
    public static final int ROWS = 8;

    private static final int ROW_BLOCK = 96;

    private VectorFloatGemm() {}

    /** Whether the preferred species is at least 256 bits, i.e. the vector operations are compiled to SIMD. */
    public static boolean usable() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    /** The {@link Scratch#floats} slot of a row block of A packed tile by tile. */
    public static final int PACKED_A_SLOT = 4;

    /** The {@link Scratch#floats} slot of B packed as strips, when the caller hands B as rows. */
    public static final int PACKED_B_SLOT = 5;

    /** The {@link Scratch#floats} slot of a tile's output when its strip is cut short by the matrix's edge. */
    public static final int EDGE_SLOT = 6;

    /** Columns per strip of packed B: the two vectors of a register tile. */
    public static final int STRIP = 2 * LANES;

    /**
     * Floats of B packed as strips by {@link #packStrips}: whole strips of {@link #STRIP} columns, the
     * last one padded with zeros.
     */
    public static int stripFloats(int k, int width) {
        return Math.multiplyExact(Math.multiplyExact((width + STRIP - 1) / STRIP, STRIP), k);
    }

    /**
     * Packs columns {@code [col0, col0 + width)} of a k-row matrix, element (p, j) at {@code b[bOff + p
     * * rowStride + j * colStride]}, into {@code out} as strips: column {@code j = s * STRIP + l} of row
     * p goes to {@code out[s * k * STRIP + p * STRIP + l]}, zeros past {@code width}.
     */
    public static void packStrips(
            float[] b, int bOff, int rowStride, int colStride, int k, int col0, int width, float[] out) {
        for (int s = 0; s * STRIP < width; s++) {
            int j0 = col0 + s * STRIP;
            int cols = Math.min(STRIP, width - s * STRIP);
            int base = s * k * STRIP;
            for (int p = 0; p < k; p++) {
                int dst = base + p * STRIP;
                int src = bOff + p * rowStride + j0 * colStride;
                if (colStride == 1) {
                    System.arraycopy(b, src, out, dst, cols);
                } else {
                    for (int l = 0; l < cols; l++) {
                        out[dst + l] = b[src + l * colStride];
                    }
                }
                if (cols < STRIP) {
                    java.util.Arrays.fill(out, dst + cols, dst + STRIP, 0f);
                }
            }
        }
    }

    /**
     * Writes {@code row[0 .. width)} as row p of a k-row matrix packed as strips ({@link #packStrips}
     * layout), zeros past {@code width}: whole strips two vectors at a time, no call per strip.
     */
    public static void putRow(float[] row, int width, float[] strips, int k, int p) {
        int s = 0;
        int dst = p * STRIP;
        int step = k * STRIP;
        for (; (s + 1) * STRIP <= width; s++, dst += step) {
            FloatVector.fromArray(SPECIES, row, s * STRIP).intoArray(strips, dst);
            FloatVector.fromArray(SPECIES, row, s * STRIP + LANES).intoArray(strips, dst + LANES);
        }
        if (s * STRIP < width) {
            int cols = width - s * STRIP;
            System.arraycopy(row, s * STRIP, strips, dst, cols);
            java.util.Arrays.fill(strips, dst + cols, dst + STRIP, 0f);
        }
    }

    /** {@link #packStrips} from B held as one array per row: columns {@code [from, to)} of {@code b[p]}. */
    static void packStrips(float[][] b, int k, int from, int to, float[] out) {
        int width = to - from;
        for (int s = 0; s * STRIP < width; s++) {
            int cols = Math.min(STRIP, width - s * STRIP);
            int base = s * k * STRIP;
            for (int p = 0; p < k; p++) {
                int dst = base + p * STRIP;
                System.arraycopy(b[p], from + s * STRIP, out, dst, cols);
                if (cols < STRIP) {
                    java.util.Arrays.fill(out, dst + cols, dst + STRIP, 0f);
                }
            }
        }
    }

    static void multiply(
            float[] a,
            int aOff,
            int aRowStride,
            int aColStride,
            float[][] b,
            int k,
            int width,
            float[] c,
            int cOff,
            int cRowStride,
            int rows,
            Scratch scratch) {
        multiplyColumns(a, aOff, aRowStride, aColStride, b, k, 0, width, c, cOff, cRowStride, rows, scratch);
    }

    /**
     * {@code c[cOff + i * cRowStride + (j - from)] = sum_p a[aOff + i * aRowStride + p * aColStride] *
     * b[p][j]} for {@code i < rows}, {@code from <= j < to}, {@code p < k} ascending from +0.0f with one
     * {@link Math#fma} per step, overwriting C: {@link #multiply} over a column range of B (the int8
     * product passes one depth slice of B at a time). Packs those columns as strips, then {@link
     * #multiplyStrips}.
     */
    public static void multiplyColumns(
            float[] a,
            int aOff,
            int aRowStride,
            int aColStride,
            float[][] b,
            int k,
            int from,
            int to,
            float[] c,
            int cOff,
            int cRowStride,
            int rows,
            Scratch scratch) {
        float[] strips = scratch.floats(PACKED_B_SLOT, stripFloats(k, to - from));
        packStrips(b, k, from, to, strips);
        multiplyStrips(a, aOff, aRowStride, aColStride, null, strips, k, to - from, c, cOff, cRowStride, rows, scratch);
    }

    /**
     * The whole tiles of {@code rows} rows of A (row i, column p at {@code a[aOff + i * aRowStride + p
     * * aColStride]}) packed as {@link #multiplyStrips} reads them, for an A that is a constant.
     */
    public static float[] packTiles(float[] a, int aOff, int aRowStride, int aColStride, int rows, int k) {
        int tileFloats = ROWS * k;
        float[] packed = new float[Math.multiplyExact(rows / ROWS, tileFloats)];
        for (int t = 0; t < rows / ROWS; t++) {
            packTile(a, aOff + t * ROWS * aRowStride, aRowStride, aColStride, k, packed, t * tileFloats);
        }
        return packed;
    }

    /**
     * {@code c[cOff + i * cRowStride + j] = sum_p a[aOff + i * aRowStride + p * aColStride] * B[p][j]}
     * for {@code i < rows}, {@code j < width}, with B packed by {@link #packStrips}; each sum from +0.0f
     * over p ascending with one {@link Math#fma} per step, overwriting C.
     *
     * <p>The tiles also read A from a packed copy, {@code [tile][p][row of the tile]}: {@code tiles}
     * when the caller packed it in advance ({@link #packTiles}, for a constant A), else packed here a
     * block of {@link #ROW_BLOCK} rows at a time. Each inner step then reads consecutive memory from two
     * arrays at offsets linear in {@code p}, which lets C2 drop the bounds checks. Rows after the last
     * whole tile take a one-row tile reading A itself; a strip cut short by the matrix's edge is
     * computed whole (its padding columns are zeros, and lanes never mix) into a scratch tile whose real
     * columns are then copied out.
     */
    public static void multiplyStrips(
            float[] a,
            int aOff,
            int aRowStride,
            int aColStride,
            float[] tiles,
            float[] strips,
            int k,
            int width,
            float[] c,
            int cOff,
            int cRowStride,
            int rows,
            Scratch scratch) {
        int tileFloats = ROWS * k;
        float[] packedA =
                tiles != null ? tiles : scratch.floats(PACKED_A_SLOT, Math.min(rows, ROW_BLOCK) / ROWS * tileFloats);
        float[] edge = scratch.floats(EDGE_SLOT, ROWS * STRIP);
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            int r1 = Math.min(rows, r0 + ROW_BLOCK);
            int tilesHere = (r1 - r0) / ROWS;
            int tiled = r0 + tilesHere * ROWS;
            // Tile t of this block is at packedA[(first + t) * tileFloats].
            int first = tiles != null ? r0 / ROWS : 0;
            if (tiles == null) {
                for (int t = 0; t < tilesHere; t++) {
                    packTile(
                            a, aOff + (r0 + t * ROWS) * aRowStride, aRowStride, aColStride, k, packedA, t * tileFloats);
                }
            }
            for (int s = 0; s * STRIP < width; s++) {
                int j = s * STRIP;
                int cols = Math.min(STRIP, width - j);
                int sOff = s * k * STRIP;
                for (int t = 0; t < tilesHere; t++) {
                    int cTile = cOff + (r0 + t * ROWS) * cRowStride + j;
                    int aTile = (first + t) * tileFloats;
                    if (cols == STRIP) {
                        eightByTwo(packedA, aTile, strips, sOff, k, c, cTile, cRowStride);
                    } else {
                        eightByTwo(packedA, aTile, strips, sOff, k, edge, 0, STRIP);
                        for (int i = 0; i < ROWS; i++) {
                            System.arraycopy(edge, i * STRIP, c, cTile + i * cRowStride, cols);
                        }
                    }
                }
                for (int r = tiled; r < r1; r++) {
                    int cRow = cOff + r * cRowStride + j;
                    if (cols == STRIP) {
                        oneByTwo(a, aOff + r * aRowStride, aColStride, strips, sOff, k, c, cRow);
                    } else {
                        oneByTwo(a, aOff + r * aRowStride, aColStride, strips, sOff, k, edge, 0);
                        System.arraycopy(edge, 0, c, cRow, cols);
                    }
                }
            }
        }
    }

    /** Copies {@link #ROWS} rows of A from {@code a0} to {@code packed[off + p * ROWS + i]}. */
    private static void packTile(float[] a, int a0, int lda, int as, int k, float[] packed, int off) {
        for (int p = 0; p < k; p++) {
            int src = a0 + p * as;
            int dst = off + p * ROWS;
            for (int i = 0; i < ROWS; i++) {
                packed[dst + i] = a[src + i * lda];
            }
        }
    }

    /** One tile: rows {@code ap[a0 + p * ROWS + i]} times the strip {@code bp[b0 + p * STRIP + l]}. */
    private static void eightByTwo(float[] ap, int a0, float[] bp, int b0, int k, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(SPECIES);
        FloatVector s01 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s40 = s00;
        FloatVector s41 = s00;
        FloatVector s50 = s00;
        FloatVector s51 = s00;
        FloatVector s60 = s00;
        FloatVector s61 = s00;
        FloatVector s70 = s00;
        FloatVector s71 = s00;
        for (int p = 0; p < k; p++) {
            int q = a0 + p * ROWS;
            int bq = b0 + p * STRIP;
            FloatVector y0 = FloatVector.fromArray(SPECIES, bp, bq);
            FloatVector y1 = FloatVector.fromArray(SPECIES, bp, bq + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[q]);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            x = FloatVector.broadcast(SPECIES, ap[q + 1]);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            x = FloatVector.broadcast(SPECIES, ap[q + 2]);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            x = FloatVector.broadcast(SPECIES, ap[q + 3]);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            x = FloatVector.broadcast(SPECIES, ap[q + 4]);
            s40 = x.fma(y0, s40);
            s41 = x.fma(y1, s41);
            x = FloatVector.broadcast(SPECIES, ap[q + 5]);
            s50 = x.fma(y0, s50);
            s51 = x.fma(y1, s51);
            x = FloatVector.broadcast(SPECIES, ap[q + 6]);
            s60 = x.fma(y0, s60);
            s61 = x.fma(y1, s61);
            x = FloatVector.broadcast(SPECIES, ap[q + 7]);
            s70 = x.fma(y0, s70);
            s71 = x.fma(y1, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + LANES);
        s10.intoArray(c, c0 + ldc);
        s11.intoArray(c, c0 + ldc + LANES);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + LANES);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + LANES);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + LANES);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + LANES);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + LANES);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + LANES);
    }

    private static void oneByTwo(float[] a, int a0, int as, float[] bp, int b0, int k, float[] c, int c0) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        for (int p = 0, q = 0; p < k; p++, q += as) {
            int bq = b0 + p * STRIP;
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + q]);
            s0 = x.fma(FloatVector.fromArray(SPECIES, bp, bq), s0);
            s1 = x.fma(FloatVector.fromArray(SPECIES, bp, bq + LANES), s1);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + LANES);
    }
}
