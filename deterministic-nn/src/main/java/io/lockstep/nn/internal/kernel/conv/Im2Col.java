package io.lockstep.nn.internal.kernel.conv;

import java.util.Arrays;

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
    }

    /**
     * Writes rows {@code [0, channels * kernelSize)} of columns {@code [s0, s0 + width)} to
     * {@code rows[r][j]}, reading channel {@code c} at {@code x[xOff + c * inputPlane ..]}.
     *
     * @param position room for one output position (at least the spatial rank), contents ignored
     */
    void fill(float[] x, int xOff, int channels, float[][] rows, int s0, int width, int[] position) {
        int last = rank - 1;
        int innerOut = window.output[last];
        int innerIn = window.input[last];
        int innerStride = window.strides[last];
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * inputPlane;
            for (int t = 0; t < kernelSize; t++) {
                int[] offsets = tapOffsets[t];
                float[] col = rows[c * kernelSize + t];
                start(s0, position);
                int j = 0;
                while (j < width) {
                    int run = Math.min(width - j, innerOut - position[last]);
                    int base = plane;
                    boolean inside = true;
                    for (int d = 0; d < last; d++) {
                        int coordinate = position[d] * window.strides[d] + offsets[d];
                        if (coordinate < 0 || coordinate >= window.input[d]) {
                            inside = false;
                            break;
                        }
                        base += coordinate * inputStrides[d];
                    }
                    int out = j;
                    if (!inside) {
                        Arrays.fill(col, out, out + run, 0f);
                    } else {
                        // Input coordinate of run element u is (first + u) * stride + offset; keep those in range.
                        int first = position[last];
                        int offset = offsets[last];
                        int lo = Math.max(0, ceilDiv(-offset, innerStride) - first);
                        int hi = Math.min(run, Math.floorDiv(innerIn - 1 - offset, innerStride) - first + 1);
                        if (hi <= lo) {
                            Arrays.fill(col, out, out + run, 0f);
                        } else {
                            Arrays.fill(col, out, out + lo, 0f);
                            int src = base + (first + lo) * innerStride + offset;
                            if (innerStride == 1) {
                                System.arraycopy(x, src, col, out + lo, hi - lo);
                            } else {
                                for (int u = lo; u < hi; u++) {
                                    col[out + u] = x[src];
                                    src += innerStride;
                                }
                            }
                            Arrays.fill(col, out + hi, out + run, 0f);
                        }
                    }
                    j += run;
                    advance(position, run);
                }
            }
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
