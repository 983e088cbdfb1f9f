package io.lockstep.nn.testing;

/**
 * Conv written as the specification states it (docs/spec/nn.md): per output element, +0.0f plus each
 * weight times the zero-padded input, channels then taps in row-major order, then the bias. No
 * blocking, no tiles, no threads: what the engine must match bit for bit.
 */
public final class ConvolutionReference {
    private ConvolutionReference() {}

    /**
     * @param x (N, C, spatial...) row-major
     * @param w (M, C / group, kernel...) row-major
     * @param bias M values or null
     * @param out the output spatial extents
     */
    public static float[] conv(
            float[] x,
            int[] xDims,
            float[] w,
            int[] wDims,
            float[] bias,
            int group,
            int[] strides,
            int[] dilations,
            int[] padBegin,
            int[] out) {
        int rank = xDims.length - 2;
        int n = xDims[0];
        int c = xDims[1];
        int m = wDims[0];
        int cg = c / group;
        int mg = m / group;
        int[] in = java.util.Arrays.copyOfRange(xDims, 2, xDims.length);
        int[] kernel = java.util.Arrays.copyOfRange(wDims, 2, wDims.length);
        int inSize = product(in);
        int outSize = product(out);
        int taps = product(kernel);
        float[] y = new float[n * m * outSize];
        int[] o = new int[rank];
        int[] t = new int[rank];
        for (int b = 0; b < n; b++) {
            for (int map = 0; map < m; map++) {
                int g = map / mg;
                for (int s = 0; s < outSize; s++) {
                    unflatten(s, out, o);
                    float acc = 0f;
                    for (int ci = 0; ci < cg; ci++) {
                        for (int tap = 0; tap < taps; tap++) {
                            unflatten(tap, kernel, t);
                            int index = 0;
                            boolean inside = true;
                            for (int d = 0; d < rank; d++) {
                                int coordinate = o[d] * strides[d] - padBegin[d] + t[d] * dilations[d];
                                inside &= coordinate >= 0 && coordinate < in[d];
                                index = index * in[d] + coordinate;
                            }
                            float xv = inside ? x[(b * c + g * cg + ci) * inSize + index] : 0f;
                            acc = Math.fma(w[(map * cg + ci) * taps + tap], xv, acc);
                        }
                    }
                    float v = bias != null ? acc + bias[map] : acc;
                    y[(b * m + map) * outSize + s] = v != v ? Float.NaN : v;
                }
            }
        }
        return y;
    }

    public static int product(int[] dims) {
        int p = 1;
        for (int d : dims) {
            p *= d;
        }
        return p;
    }

    private static void unflatten(int flat, int[] dims, int[] index) {
        for (int d = dims.length - 1; d >= 0; d--) {
            index[d] = flat % dims[d];
            flat /= dims[d];
        }
    }
}
