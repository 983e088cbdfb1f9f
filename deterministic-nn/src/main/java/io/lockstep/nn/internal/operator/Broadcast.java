package io.lockstep.nn.internal.operator;

import io.lockstep.nn.NnErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX multidirectional (numpy) broadcasting, and an iteration plan for elementwise kernels. The output
 * is walked as rows of a contiguous inner run: dimensions of size 1 are dropped and adjacent
 * dimensions merged wherever every input allows it, so that within a run each input is either
 * contiguous (stride 1) or a single repeated element (stride 0). Runs longer than {@link #CHUNK} are
 * split, and each (row, piece) is one unit of work. Offsets are computed per unit from the merged
 * dimensions, so the plan's size does not grow with the tensor's.
 */
public final class Broadcast {
    /** Elements per unit at most. */
    public static final int CHUNK = 4096;

    private final int rows;
    private final int inner;
    private final int piecesPerRow;
    /** Sizes and per-input strides of the outer (row) dimensions, outermost first. */
    private final int[] outerSizes;

    private final int[][] outerStrides;
    private final int[] innerStrides;

    private Broadcast(int rows, int inner, int[] outerSizes, int[][] outerStrides, int[] innerStrides) {
        this.rows = rows;
        this.inner = inner;
        this.piecesPerRow = inner == 0 ? 0 : (inner + CHUNK - 1) / CHUNK;
        this.outerSizes = outerSizes;
        this.outerStrides = outerStrides;
        this.innerStrides = innerStrides;
    }

    /** The broadcast shape of the inputs, or a {@code SHAPE_MISMATCH} error from the node. */
    public static Shape shape(NodeContext node, Shape... shapes) {
        int rank = 0;
        for (Shape s : shapes) {
            rank = Math.max(rank, s.rank());
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            int d = 1;
            for (Shape s : shapes) {
                int k = i - (rank - s.rank());
                if (k < 0) {
                    continue;
                }
                int e = s.dim(k);
                if (e == d || e == 1) {
                    continue;
                }
                if (d != 1) {
                    throw node.fail(
                            NnErrorCode.SHAPE_MISMATCH,
                            "shapes " + java.util.Arrays.toString(shapes) + " do not broadcast");
                }
                d = e;
            }
            dims[i] = d;
        }
        return Shape.of(dims);
    }

    /** An iteration plan over {@code out} for inputs that broadcast to it. */
    public static Broadcast plan(Shape out, Shape... inputs) {
        int n = inputs.length;
        // Per output dim (size > 1): the stride of each input in elements, 0 where it broadcasts.
        List<Integer> sizes = new ArrayList<>();
        List<int[]> strides = new ArrayList<>();
        int[][] inputStrides = new int[n][];
        for (int k = 0; k < n; k++) {
            inputStrides[k] = inputs[k].strides();
        }
        for (int i = 0; i < out.rank(); i++) {
            if (out.dim(i) == 1) {
                continue;
            }
            int[] s = new int[n];
            for (int k = 0; k < n; k++) {
                int j = i - (out.rank() - inputs[k].rank());
                s[k] = j < 0 || inputs[k].dim(j) == 1 ? 0 : inputStrides[k][j];
            }
            sizes.add(out.dim(i));
            strides.add(s);
        }
        // Merge a dim into the one after it when every input steps through both as one run.
        for (int i = sizes.size() - 2; i >= 0; i--) {
            int[] outer = strides.get(i);
            int[] innerS = strides.get(i + 1);
            int innerSize = sizes.get(i + 1);
            boolean mergeable = true;
            for (int k = 0; k < n; k++) {
                mergeable &= outer[k] == innerS[k] * innerSize;
            }
            if (mergeable) {
                sizes.set(i, sizes.get(i) * innerSize);
                strides.set(i, innerS);
                sizes.remove(i + 1);
                strides.remove(i + 1);
            }
        }
        if (out.size() == 0) {
            return new Broadcast(0, 0, new int[0], new int[n][0], new int[n]);
        }
        if (sizes.isEmpty()) {
            sizes.add(1);
            strides.add(new int[n]);
        }
        int d = sizes.size();
        int inner = sizes.get(d - 1);
        int[] innerStrides = strides.get(d - 1);
        int[] outerSizes = new int[d - 1];
        int[][] outerStrides = new int[n][d - 1];
        for (int i = 0; i < d - 1; i++) {
            outerSizes[i] = sizes.get(i);
            for (int k = 0; k < n; k++) {
                outerStrides[k][i] = strides.get(i)[k];
            }
        }
        return new Broadcast(out.size() / inner, inner, outerSizes, outerStrides, innerStrides);
    }

    /**
     * For every element of {@code out} (row-major), the index of the element of {@code in} that
     * broadcasts to it ({@code in} right-aligned against {@code out}).
     */
    public static int[] indexMap(Shape out, Shape in) {
        int[] map = new int[out.size()];
        int[] inStrides = in.strides();
        int rank = out.rank();
        int[] index = new int[rank];
        int offset = 0;
        for (int e = 0; e < map.length; e++) {
            map[e] = offset;
            for (int i = rank - 1; i >= 0; i--) {
                int j = i - (rank - in.rank());
                int stride = j < 0 || in.dim(j) == 1 ? 0 : inStrides[j];
                index[i]++;
                offset += stride;
                if (index[i] < out.dim(i)) {
                    break;
                }
                offset -= stride * out.dim(i);
                index[i] = 0;
            }
        }
        return map;
    }

    /** Units of work: (row, piece of at most {@link #CHUNK} elements). */
    public int units() {
        return rows * piecesPerRow;
    }

    public int row(int unit) {
        return unit / piecesPerRow;
    }

    /** First inner element of the unit. */
    public int start(int unit) {
        return (unit % piecesPerRow) * CHUNK;
    }

    /** Elements in the unit. */
    public int length(int unit) {
        return Math.min(CHUNK, inner - start(unit));
    }

    /** Output offset of the unit's first element. */
    public int outOffset(int unit) {
        return row(unit) * inner + start(unit);
    }

    /** Offset of the unit's first element in input {@code k}. */
    public int inOffset(int k, int unit) {
        int row = row(unit);
        int[] strides = outerStrides[k];
        int offset = 0;
        for (int i = outerSizes.length - 1; i >= 0 && row != 0; i--) {
            offset += (row % outerSizes[i]) * strides[i];
            row /= outerSizes[i];
        }
        return offset + start(unit) * innerStrides[k];
    }

    /** 1 when input {@code k} is contiguous along the run, 0 when it repeats one element. */
    public int innerStride(int k) {
        return innerStrides[k];
    }
}
