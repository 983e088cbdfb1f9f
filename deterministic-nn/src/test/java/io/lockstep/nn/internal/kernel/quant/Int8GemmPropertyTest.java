package io.lockstep.nn.internal.kernel.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.internal.operator.Scratch;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The int8 GEMM against a naive reference (long sums in row-major order), bit for bit, over random
 * shapes, signedness and zero points: the kernel alone, and MatMulInteger through a prepared model
 * (constant and run-time B, batches, per-row and per-column zero points). Seed: {@code -Dlockstep.seed}.
 */
class Int8GemmPropertyTest {
    private static final long SEED = Long.getLong("lockstep.seed", 20261124L);

    @Test
    void kernelMatchesNaiveProduct() {
        System.out.println("Int8GemmPropertyTest.kernelMatchesNaiveProduct seed=" + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        int cases = 0;
        long macs = 0;
        while (cases < 150) {
            int m = 1 + random.nextInt(random.nextInt(4) == 0 ? 80 : 12);
            int k = 1 + random.nextInt(random.nextBoolean() ? 16 : 700);
            int n = 1 + random.nextInt(random.nextBoolean() ? 40 : 1300);
            if ((long) m * k * n > 3_000_000) {
                continue;
            }
            cases++;
            macs += (long) m * k * n;
            boolean aUnsigned = random.nextBoolean();
            boolean bUnsigned = random.nextBoolean();
            byte[] a = bytes(random, m * k);
            byte[] b = bytes(random, k * n);
            int[] aZero = new int[m];
            int[] bZero = new int[n];
            for (int i = 0; i < m; i++) {
                aZero[i] = zero(random, aUnsigned);
            }
            for (int j = 0; j < n; j++) {
                bZero[j] = zero(random, bUnsigned);
            }
            int[] actual = multiplyInRandomPieces(random, a, aUnsigned, aZero, b, bUnsigned, bZero, m, k, n);
            int[] expected = naive(a, aUnsigned, aZero, b, bUnsigned, bZero, m, k, n);
            assertArrayEquals(
                    expected,
                    actual,
                    "seed=" + SEED + " case " + cases + ": " + m + "x" + k + "x" + n + " aUnsigned=" + aUnsigned
                            + " bUnsigned=" + bUnsigned);
        }
        System.out.println("  " + cases + " products, " + macs + " multiply-accumulates, all bit-exact");
    }

    /**
     * Operands at the extremes of {@code [-255, 255]}, all of one sign, so that every float partial sum
     * of a slice reaches {@code SLICE * 65,025}, the largest the exactness argument allows.
     */
    @Test
    void extremeOperandsAcrossSlicesAreExact() {
        System.out.println("Int8GemmPropertyTest.extremeOperandsAcrossSlicesAreExact seed=" + SEED);
        SplittableRandom random = new SplittableRandom(SEED + 3);
        int[] depths = {Int8Gemm.SLICE - 1, Int8Gemm.SLICE, Int8Gemm.SLICE + 1, 2 * Int8Gemm.SLICE + 3, 1000};
        for (int k : depths) {
            for (boolean sameSign : new boolean[] {true, false}) {
                int m = 9;
                int n = Int8Gemm.PANEL + 37;
                byte[] a = new byte[m * k];
                byte[] b = new byte[k * n];
                Arrays.fill(b, sameSign ? (byte) 0 : (byte) 255);
                int[] aZero = new int[m];
                int[] bZero = new int[n];
                Arrays.fill(aZero, 255);
                Arrays.fill(bZero, sameSign ? 255 : 0);
                // a' = -255 everywhere; b' = -255 (products +65,025) or +255 (products -65,025).
                int[] actual = multiplyInRandomPieces(random, a, true, aZero, b, true, bZero, m, k, n);
                int[] expected = naive(a, true, aZero, b, true, bZero, m, k, n);
                assertArrayEquals(expected, actual, "seed=" + SEED + " k=" + k + " sameSign=" + sameSign);
                assertEquals((sameSign ? 1 : -1) * k * 65025, actual[0]);
            }
        }
    }

    /**
     * A constant B is packed once at prepare whether its zero point is absent or a constant, so both cost
     * the same fuel, and less than a run-time B, which each run packs (docs/spec/nn.md, fuel of
     * MatMulInteger). Fuel does not depend on which int8 kernel runs.
     */
    @Test
    void constantBCostsTheSameWithOrWithoutItsZeroPoint() {
        SplittableRandom random = new SplittableRandom(SEED + 5);
        int m = 3;
        int k = 70;
        int n = 50;
        Tensor b = Tensor.ofBytes(DType.INT8, new int[] {k, n}, bytes(random, k * n));
        long absent = matMulIntegerCost(b, true, false, m);
        long zero = matMulIntegerCost(b, true, true, m);
        long runTime = matMulIntegerCost(b, false, false, m);
        assertEquals(absent, zero, "constant B, zero point absent vs given");
        assertTrue(runTime > absent, "a run-time B costs its packing: " + runTime + " vs " + absent);
    }

    private static long matMulIntegerCost(Tensor b, boolean constantB, boolean zeroPoint, int m) {
        int k = b.shape()[0];
        int n = b.shape()[1];
        OnnxModelBuilder builder = new OnnxModelBuilder().opset(10).input("A", DType.UINT8, new long[] {m, k});
        if (constantB) {
            builder.initializer("B", b);
        } else {
            builder.input("B", DType.INT8, new long[] {k, n});
        }
        if (zeroPoint) {
            builder.initializer("b_zero", Tensor.ofBytes(DType.INT8, new int[] {}, new byte[1]));
        }
        byte[] model = builder.node("MatMulInteger")
                .inputs("A", "B", "", zeroPoint ? "b_zero" : "")
                .outputs("Y")
                .add()
                .output("Y", DType.INT32, new long[] {m, n})
                .build();
        return PreparedModel.prepare(OnnxModel.parse(model)).cost();
    }

    @Test
    void emptyProductsAreAllowed() {
        // k = 0: every element is the empty sum 0 (the accumulator starts dirty on purpose).
        int[] zeroDepth = {7, 7, 7, 7, 7, 7};
        Int8Gemm.multiply(new float[2][0], 2, 0, new float[0][], 3, 0, 3, zeroDepth, 0, 3, new Scratch());
        assertArrayEquals(new int[6], zeroDepth);
        // n = 0: no columns, nothing written (a call must not fail on the empty panel layout).
        float[][] noColumns = Int8Gemm.packNew(new byte[0], 0, 0, 1, true, 3, 0, new int[0]);
        int[] untouched = {7};
        Int8Gemm.multiply(new float[2][3], 2, 3, noColumns, 0, 0, 0, untouched, 0, 0, new Scratch());
        assertArrayEquals(new int[] {7}, untouched);
    }

    /** The product through {@link Int8Gemm#multiply}, cut into random groups of rows and ranges of columns. */
    private static int[] multiplyInRandomPieces(
            SplittableRandom random,
            byte[] a,
            boolean aUnsigned,
            int[] aZero,
            byte[] b,
            boolean bUnsigned,
            int[] bZero,
            int m,
            int k,
            int n) {
        float[][] packed = Int8Gemm.packNew(b, 0, n, 1, bUnsigned, k, n, bZero);
        float[][] rows = new float[m][k];
        for (int i = 0; i < m; i++) {
            Int8Gemm.loadRow(a, i * k, aUnsigned, k, aZero[i], rows[i]);
        }
        Scratch scratch = new Scratch();
        int[] actual = new int[m * n];
        // Row groups and column ranges of random sizes: the result must not depend on how the
        // product is cut.
        int[] block = new int[m * n];
        for (int i = 0; i < m; ) {
            int count = Math.min(m - i, 1 + random.nextInt(2 * Int8Gemm.ROW_BLOCK));
            float[][] group = Arrays.copyOfRange(rows, i, i + count);
            for (int from = 0; from < n; ) {
                int to = random.nextBoolean() ? n : Math.min(n, from + 1 + random.nextInt(700));
                int width = to - from;
                Int8Gemm.multiply(group, count, k, packed, n, from, to, block, 0, width, scratch);
                for (int r = 0; r < count; r++) {
                    System.arraycopy(block, r * width, actual, (i + r) * n + from, width);
                }
                from = to;
            }
            i += count;
        }
        return actual;
    }

    @Test
    void transposedPackingMatchesPlainPacking() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int c = 0; c < 40; c++) {
            int k = 1 + random.nextInt(90);
            int n = 1 + random.nextInt(700);
            boolean unsigned = random.nextBoolean();
            byte[] b = bytes(random, k * n);
            byte[] transposed = new byte[n * k];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    transposed[j * k + p] = b[p * n + j];
                }
            }
            int[] zeros = new int[n];
            Arrays.setAll(zeros, j -> zero(random, unsigned));
            float[][] plain = Int8Gemm.packNew(b, 0, n, 1, unsigned, k, n, zeros);
            float[][] fromTransposed = Int8Gemm.packNew(transposed, 0, 1, k, unsigned, k, n, zeros);
            for (int r = 0; r < plain.length; r++) {
                assertArrayEquals(plain[r], fromTransposed[r], "seed=" + SEED + " case " + c + " row " + r);
            }
        }
    }

    @Test
    void matMulIntegerMatchesNaiveProduct() {
        System.out.println("Int8GemmPropertyTest.matMulIntegerMatchesNaiveProduct seed=" + SEED);
        SplittableRandom random = new SplittableRandom(SEED + 2);
        for (int c = 0; c < 60; c++) {
            int batch = 1 + random.nextInt(3);
            int m = 1 + random.nextInt(9);
            int k = 1 + random.nextInt(300);
            int n = 1 + random.nextInt(600);
            boolean batchedA = batch > 1 && random.nextBoolean();
            boolean batchedB = batch > 1 && (!batchedA || random.nextBoolean());
            DType aType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            DType bType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            int[] aShape = batchedA ? new int[] {batch, m, k} : new int[] {m, k};
            int[] bShape = batchedB ? new int[] {batch, k, n} : new int[] {k, n};
            Tensor a = Tensor.ofBytes(aType, aShape, bytes(random, size(aShape)));
            Tensor b = Tensor.ofBytes(bType, bShape, bytes(random, size(bShape)));
            int aZeroKind = random.nextInt(3); // absent, scalar, per row
            int bZeroKind = random.nextInt(3); // absent, scalar, per column
            Tensor aZero = zeroPoints(random, aType, aZeroKind, m);
            Tensor bZero = zeroPoints(random, bType, bZeroKind, n);
            boolean constantB = random.nextBoolean();

            OnnxModelBuilder builder = new OnnxModelBuilder().opset(10).input("A", aType, toLongs(aShape));
            Map<String, Tensor> feed = new HashMap<>();
            feed.put("A", a);
            if (constantB) {
                builder.initializer("B", b);
            } else {
                builder.input("B", bType, toLongs(bShape));
                feed.put("B", b);
            }
            String aZeroName = aZero == null ? "" : "a_zero";
            String bZeroName = bZero == null ? "" : "b_zero";
            if (aZero != null) {
                builder.initializer("a_zero", aZero);
            }
            if (bZero != null) {
                builder.initializer("b_zero", bZero);
            }
            int outBatch = batchedA || batchedB ? batch : 1;
            int[] yShape = batchedA || batchedB ? new int[] {batch, m, n} : new int[] {m, n};
            byte[] model = builder.node("MatMulInteger")
                    .inputs("A", "B", aZeroName, bZeroName)
                    .outputs("Y")
                    .add()
                    .output("Y", DType.INT32, toLongs(yShape))
                    .build();
            int[] actual = PreparedModel.prepare(OnnxModel.parse(model))
                    .run(feed)
                    .output("Y")
                    .toIntArray();

            int[] aZeros = expand(aZero, aType, m);
            int[] bZeros = expand(bZero, bType, n);
            int[] expected = new int[outBatch * m * n];
            for (int t = 0; t < outBatch; t++) {
                byte[] aSlice = slice(a.toByteArray(), batchedA ? t : 0, m * k);
                byte[] bSlice = slice(b.toByteArray(), batchedB ? t : 0, k * n);
                int[] product =
                        naive(aSlice, aType == DType.UINT8, aZeros, bSlice, bType == DType.UINT8, bZeros, m, k, n);
                System.arraycopy(product, 0, expected, t * m * n, m * n);
            }
            assertArrayEquals(
                    expected,
                    actual,
                    "seed=" + SEED + " case " + c + ": A" + Arrays.toString(aShape) + " " + aType + " B"
                            + Arrays.toString(bShape) + " " + bType + " zero kinds " + aZeroKind + "/" + bZeroKind
                            + " constantB=" + constantB);
        }
    }

    @Test
    void deepestProductIsExactAndADeeperOneIsRefused() {
        int k = Int8Gemm.MAX_DEPTH;
        // a' = 0 - 255 and b' = 0 - 255 at every p: the largest sum there is, k * 65025 = 2,147,450,625.
        Tensor zero = Tensor.ofBytes(DType.UINT8, new int[] {}, (byte) 255);
        int[] y = runDeep(k, zero, new byte[k]);
        assertEquals(2_147_450_625, y[0]);
        assertTrue((long) y[0] + 65025 > Integer.MAX_VALUE, "one more product would overflow");
        byte[] full = new byte[k];
        Arrays.fill(full, (byte) 255);
        assertEquals(-2_147_450_625, runDeep(k, zero, full)[0]);
        NnException deeper = assertThrows(NnException.class, () -> runDeep(k + 1, zero, new byte[k + 1]));
        assertEquals(NnErrorCode.LIMIT_EXCEEDED, deeper.code());
    }

    /** [1 x k] x [k x 1], A = 0 with zero point 255, B as given with zero point 0 (and 255 when B = 0). */
    private static int[] runDeep(int k, Tensor aZero, byte[] b) {
        boolean bIsZero = b.length > 0 && b[0] == 0;
        byte[] model = new OnnxModelBuilder()
                .opset(10)
                .input("A", DType.UINT8, 1, k)
                .initializer("B", Tensor.ofBytes(DType.UINT8, new int[] {k, 1}, b))
                .initializer("a_zero", aZero)
                .initializer("b_zero", Tensor.ofBytes(DType.UINT8, new int[] {}, (byte) (bIsZero ? 255 : 0)))
                .node("MatMulInteger")
                .inputs("A", "B", "a_zero", "b_zero")
                .outputs("Y")
                .add()
                .output("Y", DType.INT32, 1, 1)
                .build();
        Tensor a = Tensor.ofBytes(DType.UINT8, new int[] {1, k}, new byte[k]);
        return PreparedModel.prepare(OnnxModel.parse(model))
                .run(Map.of("A", a))
                .output("Y")
                .toIntArray();
    }

    static int[] naive(
            byte[] a, boolean aUnsigned, int[] aZero, byte[] b, boolean bUnsigned, int[] bZero, int m, int k, int n) {
        int[] out = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long sum = 0;
                for (int p = 0; p < k; p++) {
                    long x = (aUnsigned ? a[i * k + p] & 0xff : a[i * k + p]) - aZero[i];
                    long y = (bUnsigned ? b[p * n + j] & 0xff : b[p * n + j]) - bZero[j];
                    sum += x * y;
                }
                out[i * n + j] = Math.toIntExact(sum);
            }
        }
        return out;
    }

    static byte[] bytes(SplittableRandom random, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    /** A zero point; often an extreme one, which makes the largest differences. */
    static int zero(SplittableRandom random, boolean unsigned) {
        int lo = unsigned ? 0 : -128;
        int hi = unsigned ? 255 : 127;
        return switch (random.nextInt(4)) {
            case 0 -> lo;
            case 1 -> hi;
            default -> lo + random.nextInt(hi - lo + 1);
        };
    }

    /** Absent (kind 0), a scalar (1) or a vector of {@code length} (2) of random zero points. */
    private static Tensor zeroPoints(SplittableRandom random, DType type, int kind, int length) {
        if (kind == 0) {
            return null;
        }
        int count = kind == 1 ? 1 : length;
        byte[] values = new byte[count];
        for (int i = 0; i < count; i++) {
            values[i] = (byte) zero(random, type == DType.UINT8);
        }
        return Tensor.ofBytes(type, kind == 1 ? new int[] {} : new int[] {length}, values);
    }

    private static int[] expand(Tensor zeros, DType type, int length) {
        int[] out = new int[length];
        if (zeros != null) {
            for (int i = 0; i < length; i++) {
                out[i] = (int) zeros.longAt(zeros.size() == 1 ? 0 : i);
            }
        }
        return out;
    }

    private static byte[] slice(byte[] values, int index, int length) {
        return Arrays.copyOfRange(values, index * length, (index + 1) * length);
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static long[] toLongs(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }
}
