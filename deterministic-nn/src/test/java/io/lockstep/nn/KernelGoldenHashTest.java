package io.lockstep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.testing.ConvolutionReference;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bits of kernel set nn-2 for MatMul, Gemm and Conv, pinned: for seeded inputs, each output's SHA-256
 * (of its little-endian bytes) is the golden value below, is the same on 1, 2 and 4 threads, and equals
 * a plain loop that sums in the order docs/spec/nn.md states. A faster kernel that changes any bit fails
 * here, and must become a new kernel set instead.
 */
class KernelGoldenHashTest {
    private static NnThreads two;
    private static NnThreads four;

    @BeforeAll
    static void startThreads() {
        two = NnThreads.create(2);
        four = NnThreads.create(4);
    }

    @AfterAll
    static void stopThreads() {
        two.close();
        four.close();
    }

    @Test
    void matMulWithConstantWeights() {
        Random r = new Random(11);
        Tensor x = values(r, 97, 300);
        Tensor w = values(r, 300, 261);
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 97, 300)
                .initializer("w", w)
                .node("MatMul")
                .inputs("x", "w")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 97, 261)
                .build();
        float[] expected = matMul(x.toFloatArray(), 0, w.toFloatArray(), 0, 97, 300, 261);
        check(model, Map.of("x", x), expected, "70bd2f849ec89ec23678b809cfaf33ce7f6e47603f93209808c12af38af2901c");
    }

    @Test
    void batchedMatMulOfTwoInputs() {
        Random r = new Random(12);
        Tensor a = values(r, 2, 33, 130);
        Tensor b = values(r, 130, 70);
        byte[] model = new OnnxModelBuilder()
                .input("a", DType.FLOAT, 2, 33, 130)
                .input("b", DType.FLOAT, 130, 70)
                .node("MatMul")
                .inputs("a", "b")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2, 33, 70)
                .build();
        float[] expected = new float[2 * 33 * 70];
        for (int batch = 0; batch < 2; batch++) {
            float[] one = matMul(a.toFloatArray(), batch * 33 * 130, b.toFloatArray(), 0, 33, 130, 70);
            System.arraycopy(one, 0, expected, batch * 33 * 70, one.length);
        }
        check(
                model,
                Map.of("a", a, "b", b),
                expected,
                "8a6cc14f52ddae3ac7dd4ccc54c94350c985677140113d505301b65f7fd308ac");
    }

    @Test
    void gemmWithTransposedOperandsAndBias() {
        Random r = new Random(13);
        int m = 45;
        int k = 300;
        int n = 70;
        Tensor a = values(r, k, m);
        Tensor b = values(r, n, k);
        Tensor c = values(r, n);
        byte[] model = new OnnxModelBuilder()
                .input("a", DType.FLOAT, k, m)
                .input("b", DType.FLOAT, n, k)
                .initializer("c", c)
                .node("Gemm")
                .inputs("a", "b", "c")
                .outputs("y")
                .attr("transA", 1L)
                .attr("transB", 1L)
                .attr("alpha", 0.5f)
                .attr("beta", 2f)
                .add()
                .output("y", DType.FLOAT, m, n)
                .build();
        float[] av = a.toFloatArray();
        float[] bv = b.toFloatArray();
        float[] cv = c.toFloatArray();
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(av[p * m + i], bv[j * k + p], acc);
                }
                expected[i * n + j] = 0.5f * acc + 2f * cv[j];
            }
        }
        check(
                model,
                Map.of("a", a, "b", b),
                expected,
                "3238342c139b9c44c6169012f3ad01c929f779319faf34153d9a04a34bb5f464");
    }

    @Test
    void groupedConvolutionWithPadding() {
        Random r = new Random(14);
        Tensor x = values(r, 2, 6, 23, 23);
        Tensor w = values(r, 40, 3, 3, 3);
        Tensor bias = values(r, 40);
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 2, 6, 23, 23)
                .initializer("w", w)
                .initializer("b", bias)
                .node("Conv")
                .inputs("x", "w", "b")
                .outputs("y")
                .attr("group", 2L)
                .attr("pads", new long[] {1, 1, 1, 1})
                .add()
                .output("y", DType.FLOAT, 2, 40, 23, 23)
                .build();
        float[] expected = ConvolutionReference.conv(
                x.toFloatArray(),
                new int[] {2, 6, 23, 23},
                w.toFloatArray(),
                new int[] {40, 3, 3, 3},
                bias.toFloatArray(),
                2,
                new int[] {1, 1},
                new int[] {1, 1},
                new int[] {1, 1},
                new int[] {23, 23});
        check(model, Map.of("x", x), expected, "fdcadcbb0255fecb02766f1cc8ec50cf2dd26b1e5ab4c45b60319cbb59be13ac");
    }

    @Test
    void pointwiseConvolution() {
        Random r = new Random(15);
        Tensor x = values(r, 1, 32, 16, 16);
        Tensor w = values(r, 48, 32, 1, 1);
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 1, 32, 16, 16)
                .initializer("w", w)
                .node("Conv")
                .inputs("x", "w")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 1, 48, 16, 16)
                .build();
        float[] expected = ConvolutionReference.conv(
                x.toFloatArray(),
                new int[] {1, 32, 16, 16},
                w.toFloatArray(),
                new int[] {48, 32, 1, 1},
                null,
                1,
                new int[] {1, 1},
                new int[] {1, 1},
                new int[] {0, 0},
                new int[] {16, 16});
        check(model, Map.of("x", x), expected, "6bf0ee815568d4390bda3ba56abbb5cb33977ce9434e6d84eb5d48771e9415a1");
    }

    @Test
    void sameBitsBeforeAndAfterTheJitCompilesTheKernels() {
        // The first run is interpreted; within a few hundred runs C2 compiles and vectorizes the loops.
        Random r = new Random(16);
        Tensor x = values(r, 33, 200);
        Tensor w = values(r, 200, 200);
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 33, 200)
                .initializer("w", w)
                .node("MatMul")
                .inputs("x", "w")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 33, 200)
                .build();
        PreparedModel prepared = PreparedModel.prepare(OnnxModel.parse(model));
        Tensor first = prepared.run(Map.of("x", x)).output("y");
        for (int i = 0; i < 300; i++) {
            assertEquals(first, prepared.run(Map.of("x", x)).output("y"), "run " + i);
        }
    }

    private static void check(byte[] model, Map<String, Tensor> inputs, float[] expected, String golden) {
        PreparedModel prepared = PreparedModel.prepare(OnnxModel.parse(model));
        Tensor one = prepared.run(inputs).output("y");
        Tensor onTwo = prepared.run(inputs, two).output("y");
        Tensor onFour = prepared.run(inputs, four).output("y");
        assertArrayEquals(bits(expected), bits(one.toFloatArray()), "differs from the reference loop");
        assertEquals(one, onTwo, "2 threads");
        assertEquals(one, onFour, "4 threads");
        String hash = sha256(one.toLittleEndianBytes());
        assertEquals(golden, hash, "golden SHA-256");
    }

    /** Seeded values of mixed magnitudes ({@link Random}'s sequence is fixed by its specification). */
    private static Tensor values(Random r, int... dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextFloat() - 0.5f) * (r.nextInt(4) == 0 ? 1000f : 1f);
        }
        return Tensor.ofFloats(dims, v);
    }

    private static float[] matMul(float[] a, int aOff, float[] b, int bOff, int m, int k, int n) {
        float[] y = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + i * k + p], b[bOff + p * n + j], acc);
                }
                y[i * n + j] = acc;
            }
        }
        return y;
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
