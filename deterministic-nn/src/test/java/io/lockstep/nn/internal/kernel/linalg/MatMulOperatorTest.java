package io.lockstep.nn.internal.kernel.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnThreads;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Float MatMul with broadcast batches, B as an initializer (packed at plan time) and as an input
 * (gathered at run time): both give the bits of the plain loop, on one and two threads.
 */
class MatMulOperatorTest {
    @Test
    void batchedProductsMatchThePlainLoopWhetherBIsPackedOrNot() {
        // {A shape, B shape, output shape}
        int[][][] cases = {
            {{2, 33, 130}, {2, 130, 70}, {2, 33, 70}},
            {{3, 1, 5, 40}, {4, 40, 600}, {3, 4, 5, 600}},
            {{7, 513}, {513}, {7}},
            {{300}, {300, 9}, {9}},
        };
        try (NnThreads two = NnThreads.create(2)) {
            for (int c = 0; c < cases.length; c++) {
                long seed = 0x6d6d + c;
                Random r = new Random(seed);
                Tensor a = values(r, cases[c][0]);
                Tensor b = values(r, cases[c][1]);
                float[] expected = reference(a, b, cases[c][2]);
                for (boolean packed : new boolean[] {true, false}) {
                    OnnxModelBuilder builder = new OnnxModelBuilder().input("a", DType.FLOAT, longs(cases[c][0]));
                    if (packed) {
                        builder.initializer("b", b);
                    } else {
                        builder.input("b", DType.FLOAT, longs(cases[c][1]));
                    }
                    byte[] model = builder.node("MatMul")
                            .inputs("a", "b")
                            .outputs("y")
                            .add()
                            .output("y", DType.FLOAT, longs(cases[c][2]))
                            .build();
                    PreparedModel prepared = PreparedModel.prepare(OnnxModel.parse(model));
                    Map<String, Tensor> inputs = packed ? Map.of("a", a) : Map.of("a", a, "b", b);
                    Tensor one = prepared.run(inputs).output("y");
                    String what = "seed " + seed + " case " + c + (packed ? " packed" : " input");
                    assertArrayEquals(cases[c][2], one.shape(), what);
                    assertArrayEquals(bits(expected), bits(one.toFloatArray()), what);
                    assertEquals(one, prepared.run(inputs, two).output("y"), what + " on two threads");
                }
            }
        }
    }

    /** numpy matmul: promote 1-D operands, broadcast batches, sum in ascending k from +0. */
    private static float[] reference(Tensor a, Tensor b, int[] outShape) {
        int[] ad = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.shape();
        int[] bd = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.shape();
        int m = ad[ad.length - 2];
        int k = ad[ad.length - 1];
        int n = bd[bd.length - 1];
        int[] aBatch = Arrays.copyOf(ad, ad.length - 2);
        int[] bBatch = Arrays.copyOf(bd, bd.length - 2);
        int rank = Math.max(aBatch.length, bBatch.length);
        int[] batch = new int[rank];
        for (int i = 0; i < rank; i++) {
            batch[i] = Math.max(dim(aBatch, i, rank), dim(bBatch, i, rank));
        }
        int batches = Arrays.stream(batch).reduce(1, (x, y) -> x * y);
        float[] av = a.toFloatArray();
        float[] bv = b.toFloatArray();
        float[] y = new float[batches * m * n];
        int[] index = new int[rank];
        for (int t = 0; t < batches; t++) {
            int rest = t;
            for (int i = rank - 1; i >= 0; i--) {
                index[i] = rest % batch[i];
                rest /= batch[i];
            }
            int aOff = offset(aBatch, index, rank) * m * k;
            int bOff = offset(bBatch, index, rank) * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float acc = 0f;
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(av[aOff + i * k + p], bv[bOff + p * n + j], acc);
                    }
                    y[(t * m + i) * n + j] = acc;
                }
            }
        }
        return y;
    }

    private static int dim(int[] dims, int i, int rank) {
        int j = i - (rank - dims.length);
        return j < 0 ? 1 : dims[j];
    }

    private static int offset(int[] dims, int[] index, int rank) {
        int off = 0;
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            off = off * d + (d == 1 ? 0 : index[i + rank - dims.length]);
        }
        return off;
    }

    private static Tensor values(Random r, int[] dims) {
        float[] v = new float[Arrays.stream(dims).reduce(1, (x, y) -> x * y)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextFloat() - 0.5f) * (r.nextInt(4) == 0 ? 1000f : 1f);
        }
        return Tensor.ofFloats(dims, v);
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    private static long[] longs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }
}
