package io.lockstep.nn.internal.kernel.conv;

import io.lockstep.nn.internal.kernel.linalg.VectorFloatGemm;

/**
 * Lays out the input windows of a convolution as the B matrix of a product: row {@code r = c *
 * kernelSize + tap} (channel, then kernel tap in row-major order) and column {@code s} (output position,
 * row-major) hold the input element that tap {@code tap} of output position {@code s} reads in channel
 * {@code c}, or {@code +0.0f} where that falls in the padding. Fills a tile of columns at a time into a
 * caller's buffer.
 */
final class Im2Col {
    private final SlidingWindow window;
    private final int rank;
    private final int kernelSize;
    private final int inputPlane;
    private final int[] inputStrides;
    /** Per tap and dimension: the input coordinate of output coordinate 0 ({@code t * dilation - padBegin}). */
    private final int[][] tapOffsets;
    /**
     * Per tap: the innermost output coordinates {@code [innerFrom[t], innerTo[t])} whose input falls
     * inside the input rather than in the padding.
     */
    private final int[] innerFrom;

    private final int[] innerTo;

    Im2Col(SlidingWindow window) {
        this.window = window;
        this.rank = window.rank;
        this.kernelSize = window.kernelSize();
        this.inputPlane = window.inputSize();
        this.inputStrides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            inputStrides[d] = stride;
            stride *= window.input[d];
        }
        this.tapOffsets = new int[kernelSize][rank];
        int[] tap = new int[rank];
        for (int t = 0; t < kernelSize; t++) {
            for (int d = 0; d < rank; d++) {
                tapOffsets[t][d] = tap[d] * window.dilations[d] - window.padBegin[d];
            }
            for (int d = rank - 1; d >= 0; d--) {
                if (++tap[d] < window.kernel[d]) {
                    break;
                }
                tap[d] = 0;
            }
        }
        // Input coordinate of innermost output coordinate o is o * stride + offset; keep those in range.
        int last = rank - 1;
        this.innerFrom = new int[kernelSize];
        this.innerTo = new int[kernelSize];
        for (int t = 0; t < kernelSize; t++) {
            int offset = tapOffsets[t][last];
            innerFrom[t] = ceilDiv(-offset, window.strides[last]);
            innerTo[t] = Math.floorDiv(window.input[last] - 1 - offset, window.strides[last]) + 1;
        }
    }

    /** Ints per run in a run plan: first last-dimension coordinate, length, column, then the leading coordinates. */
    private int runInts() {
        return 2 + rank;
    }

    /** Room a run plan of {@code width} columns needs (every run covers at least one column). */
    int runPlanInts(int width) {
        return Math.multiplyExact(width, runInts());
    }

    /**
     * Writes rows {@code [0, channels * kernelSize)} of columns {@code [s0, s0 + width)} to
     * {@code rows[r][j]}, reading channel {@code c} at {@code x[xOff + c * inputPlane ..]}.
     *
     * @param position room for one output position (at least the spatial rank), contents ignored
     * @param runs room for {@link #runPlanInts}{@code (width)} ints, contents ignored
     */
    void fill(float[] x, int xOff, int channels, float[][] rows, int s0, int width, int[] position, int[] runs) {
        int count = planRuns(s0, width, position, runs);
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < kernelSize; t++) {
                fillRow(x, xOff + c * inputPlane, t, rows[c * kernelSize + t], 0, runs, count);
            }
        }
    }

    /**
     * The same rows and columns as {@link #fill} written as {@code VectorFloatGemm}'s strips (column
     * {@code j = s * STRIP + l} of row r at {@code out[s * rows * STRIP + r * STRIP + l]}, zeros past
     * {@code width}): each row is built whole in {@code row} (at least {@code width} floats), where the
     * runs along the innermost output dimension are long, then cut into the strips.
     */
    void fillStrips(
            float[] x,
            int xOff,
            int channels,
            float[] out,
            int s0,
            int width,
            int[] position,
            int[] runs,
            float[] row) {
        int depth = channels * kernelSize;
        int count = planRuns(s0, width, position, runs);
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < kernelSize; t++) {
                fillRow(x, xOff + c * inputPlane, t, row, 0, runs, count);
                VectorFloatGemm.putRow(row, width, out, depth, c * kernelSize + t);
            }
        }
    }

    /**
     * Splits columns {@code [s0, s0 + width)} into runs along the innermost output dimension, the same
     * for every channel and tap, so that each row of the tile is filled run by run without recomputing
     * positions. Returns the number of runs.
     */
    private int planRuns(int s0, int width, int[] position, int[] runs) {
        int last = rank - 1;
        int innerOut = window.output[last];
        int per = runInts();
        start(s0, position);
        int count = 0;
        for (int j = 0; j < width; count++) {
            int run = Math.min(width - j, innerOut - position[last]);
            int o = count * per;
            runs[o] = position[last];
            runs[o + 1] = run;
            runs[o + 2] = j;
            for (int d = 0; d < last; d++) {
                runs[o + 3 + d] = position[d];
            }
            j += run;
            advance(position, run);
        }
        return count;
    }

    /** Tap {@code t} of the channel at {@code plane}, for the planned runs, to {@code col[colOff ..]}. */
    private void fillRow(float[] x, int plane, int t, float[] col, int colOff, int[] runs, int count) {
        int last = rank - 1;
        int innerStride = window.strides[last];
        int[] offsets = tapOffsets[t];
        int offset = offsets[last];
        int from = innerFrom[t];
        int to = innerTo[t];
        int per = runInts();
        for (int i = 0; i < count; i++) {
            int o = i * per;
            int first = runs[o];
            int run = runs[o + 1];
            int out = colOff + runs[o + 2];
            int base = plane;
            boolean inside = true;
            for (int d = 0; d < last; d++) {
                int coordinate = runs[o + 3 + d] * window.strides[d] + offsets[d];
                if (coordinate < 0 || coordinate >= window.input[d]) {
                    inside = false;
                    break;
                }
                base += coordinate * inputStrides[d];
            }
            int lo = inside ? Math.max(0, from - first) : run;
            int hi = inside ? Math.min(run, to - first) : run;
            if (hi <= lo) {
                zero(col, out, out + run);
                continue;
            }
            zero(col, out, out + lo);
            int src = base + (first + lo) * innerStride + offset;
            if (innerStride == 1) {
                System.arraycopy(x, src, col, out + lo, hi - lo);
            } else {
                for (int u = lo; u < hi; u++) {
                    col[out + u] = x[src];
                    src += innerStride;
                }
            }
            zero(col, out + hi, out + run);
        }
    }

    /** Zeros {@code [from, to)}; mostly a few elements at a border, cheaper as a plain loop than a call. */
    private static void zero(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = 0f;
        }
    }

    /** The output position of flat index {@code s}. */
    private void start(int s, int[] position) {
        for (int d = rank - 1; d >= 0; d--) {
            position[d] = s % window.output[d];
            s /= window.output[d];
        }
    }

    /** Moves the position {@code run} steps along the innermost dimension, which ends a row or the run. */
    private void advance(int[] position, int run) {
        int last = rank - 1;
        position[last] += run;
        for (int d = last; d > 0 && position[d] == window.output[d]; d--) {
            position[d] = 0;
            position[d - 1]++;
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
