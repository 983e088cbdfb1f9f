package io.lockstep.nn.internal.kernel.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.nn.internal.operator.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The native int8 product against the Java kernel and a scalar int64 reference, every int32 equal:
 * random shapes (M = 1, K = 1, odd K, K not a multiple of 4, N not a multiple of 16), int8 and uint8 for
 * each operand, zero points per tensor, per row and per column, extreme values, B packed once and
 * reused (a constant) or packed again into a dirty reused buffer (a run-time B), column ranges that
 * start at any strip. Skips where the native kernel does not run, except on a Linux x86-64 CPU with
 * AVX512-VNNI, where it must. Seed: {@code -Dlockstep.seed}.
 */
class NativeInt8GemmTest {
    private static final long SEED = Long.getLong("lockstep.seed", 0x766e6e69L);

    /** Byte values at the ends of both ranges, and zero. */
    private static final byte[] EXTREMES = {(byte) -128, (byte) 127, 0, (byte) 255, (byte) 128, 1, (byte) -1};

    @Test
    void runsWhereTheCpuHasVnni() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        assumeTrue(
                Files.isReadable(cpuinfo)
                        && System.getProperty("os.arch", "").equals("amd64")
                        && !"false".equals(System.getProperty("lockstep.nn.native"))
                        && NativeInt8Gemm.class.getResource("/native/linux-x86_64/liblockstep_int8.so") != null,
                "not Linux x86-64, the native kernel was not built, or it was switched off");
        boolean vnni = Files.readString(cpuinfo).contains(" avx512_vnni");
        assertEquals(vnni, NativeInt8Gemm.AVAILABLE, "native kernel availability on a CPU with avx512_vnni=" + vnni);
    }

    @Test
    void sameIntegersAsTheJavaKernelAndTheInt64Reference() {
        assumeTrue(NativeInt8Gemm.AVAILABLE, "the native int8 kernel does not run in this JVM");
        System.out.println("NativeInt8GemmTest.sameIntegersAsTheJavaKernelAndTheInt64Reference seed=" + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] dirtyB = new byte[0];
        int[] dirtyTerms = new int[0];
        long macs = 0;
        for (int c = 0; c < 160; c++) {
            int m = c % 7 == 0 ? 1 : 1 + random.nextInt(random.nextInt(4) == 0 ? 70 : 12);
            int k =
                    switch (c % 5) {
                        case 0 -> 1 + random.nextInt(8);
                        case 1 -> 1 + 2 * random.nextInt(300);
                        case 2 -> 4 * (1 + random.nextInt(150)) + 1 + random.nextInt(3);
                        default -> 1 + random.nextInt(700);
                    };
            int n = c % 3 == 0 ? 1 + random.nextInt(40) : 1 + random.nextInt(900);
            if ((long) m * k * n > 2_000_000) {
                n = Math.max(1, (int) (2_000_000 / ((long) m * k)));
            }
            macs += (long) m * k * n;
            Case t = Case.random(random, m, k, n, c % 4 == 3);
            int[] expected = t.reference();
            assertArrayEquals(expected, t.javaKernel(), "Java kernel, " + t.describe(c));
            boolean constant = random.nextBoolean();
            byte[] packed;
            int[] terms;
            if (constant) {
                packed = new byte[NativeInt8Gemm.packedLength(k, n)];
                terms = new int[NativeInt8Gemm.columnTermsLength(n)];
            } else {
                // A reused buffer with leftovers of larger products: packing must reset its padding.
                if (dirtyB.length < NativeInt8Gemm.packedLength(k, n)) {
                    dirtyB = new byte[NativeInt8Gemm.packedLength(k, n) + random.nextInt(64)];
                }
                if (dirtyTerms.length < NativeInt8Gemm.columnTermsLength(n)) {
                    dirtyTerms = new int[NativeInt8Gemm.columnTermsLength(n) + 16];
                }
                fillRandom(random, dirtyB);
                Arrays.fill(dirtyTerms, 0x5a5a5a5a);
                packed = dirtyB;
                terms = dirtyTerms;
            }
            NativeInt8Gemm.packB(t.b, 0, t.bUnsigned, t.aUnsigned, k, n, t.bZero, packed, terms);
            assertArrayEquals(expected, t.nativeInPieces(random, packed, terms), "native kernel, " + t.describe(c));
        }
        System.out.println("  160 products, " + macs + " multiply-accumulates, all equal");
    }

    /**
     * The deepest product allowed, with every difference at -255 or +255: the exact sums reach {@code
     * +-MAX_DEPTH * 65,025}, next to the int32 limits, while the kernel's intermediate terms wrap.
     */
    @Test
    void deepestProductAtTheInt32Bound() {
        assumeTrue(NativeInt8Gemm.AVAILABLE, "the native int8 kernel does not run in this JVM");
        int k = Int8Gemm.MAX_DEPTH;
        int m = 2;
        int n = 17;
        for (boolean sameSign : new boolean[] {true, false}) {
            for (boolean aUnsigned : new boolean[] {true, false}) {
                // a' = -255: uint8 0 minus 255, or int8 -128 minus 127.
                byte[] a = new byte[m * k];
                Arrays.fill(a, aUnsigned ? 0 : (byte) -128);
                int aZero = aUnsigned ? 255 : 127;
                // b' = -255 (uint8 0 - 255) or +255 (uint8 255 - 0).
                byte[] b = new byte[k * n];
                Arrays.fill(b, sameSign ? 0 : (byte) 255);
                int[] bZero = new int[n];
                Arrays.fill(bZero, sameSign ? 255 : 0);
                Case t = new Case(m, k, n, a, aUnsigned, new int[] {aZero, aZero}, b, true, bZero);
                byte[] packed = new byte[NativeInt8Gemm.packedLength(k, n)];
                int[] terms = new int[NativeInt8Gemm.columnTermsLength(n)];
                NativeInt8Gemm.packB(b, 0, true, aUnsigned, k, n, bZero, packed, terms);
                int[] actual = t.nativeInPieces(new SplittableRandom(SEED), packed, terms);
                assertEquals((sameSign ? 1 : -1) * k * 65025, actual[0]);
                assertArrayEquals(t.reference(), actual, "sameSign=" + sameSign + " aUnsigned=" + aUnsigned);
            }
        }
    }

    @Test
    void refusesOffsetsAndLengthsOutsideTheArrays() {
        int k = 5;
        int n = 20;
        byte[] a = new byte[2 * k];
        int[] rows = new int[4];
        byte[] b = new byte[NativeInt8Gemm.packedLength(k, n)];
        int[] cols = new int[NativeInt8Gemm.columnTermsLength(n)];
        int[] out = new int[2 * n];
        assertRefused(() -> NativeInt8Gemm.multiply(a, 1, k, 2, k, true, rows, b, n, cols, 0, n, out, 0, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, -1, k, 2, k, true, rows, b, n, cols, 0, n, out, 0, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k - 1, 2, k, true, rows, b, n, cols, 0, n, out, 0, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k + 1, true, rows, b, n, cols, 0, n, out, 0, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 3, k, true, new int[6], b, n, cols, 0, n, out, 0, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k, true, new int[3], b, n, cols, 0, n, out, 0, n));
        byte[] shortB = Arrays.copyOf(b, b.length - 1);
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k, true, rows, shortB, n, cols, 0, n, out, 0, n));
        int[] shortCols = new int[2 * n];
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k, true, rows, b, n, shortCols, 0, n, out, 0, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k, true, rows, b, n, cols, 8, n, out, 0, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k, true, rows, b, n, cols, 0, n + 1, out, 0, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k, true, rows, b, n, cols, 16, 15, out, 0, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k, true, rows, b, n, cols, 0, n, out, 1, n));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k, true, rows, b, n, cols, 0, n, out, 0, n - 1));
        assertRefused(() -> NativeInt8Gemm.multiply(a, 0, k, 2, k, true, rows, b, n, cols, 0, n, out, -1, n));
    }

    @Test
    void productsWhosePaddedBWouldNotFitAnArrayAreLeftToJava() {
        assertTrue(NativeInt8Gemm.fits(Int8Gemm.MAX_DEPTH, 60_000));
        assertTrue(NativeInt8Gemm.fits(1, Integer.MAX_VALUE / 4 - 64));
        assertFalse(NativeInt8Gemm.fits(1, Integer.MAX_VALUE - 8));
        assertFalse(NativeInt8Gemm.fits(5, Integer.MAX_VALUE / 5));
    }

    private static void assertRefused(Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
    }

    /** One product: operands, signedness and zero points (per row of A, per column of B). */
    private record Case(
            int m, int k, int n, byte[] a, boolean aUnsigned, int[] aZero, byte[] b, boolean bUnsigned, int[] bZero) {

        static Case random(SplittableRandom random, int m, int k, int n, boolean extreme) {
            boolean aUnsigned = random.nextBoolean();
            boolean bUnsigned = random.nextBoolean();
            byte[] a = new byte[m * k];
            byte[] b = new byte[k * n];
            fill(random, a, extreme);
            fill(random, b, extreme);
            // Zero points per tensor, per row / per column, or absent (0), at random per operand.
            int aKind = random.nextInt(3);
            int bKind = random.nextInt(3);
            int[] aZero = zeros(random, m, aKind, aUnsigned, extreme);
            int[] bZero = zeros(random, n, bKind, bUnsigned, extreme);
            return new Case(m, k, n, a, aUnsigned, aZero, b, bUnsigned, bZero);
        }

        String describe(int c) {
            return "seed=" + SEED + " case " + c + ": " + m + "x" + k + "x" + n + " aUnsigned=" + aUnsigned
                    + " bUnsigned=" + bUnsigned;
        }

        /** Scalar, in long, row-major order. */
        int[] reference() {
            int[] c = new int[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long sum = 0;
                    for (int p = 0; p < k; p++) {
                        long x = Quantization.load(a, i * k + p, aUnsigned) - aZero[i];
                        long y = Quantization.load(b, p * n + j, bUnsigned) - bZero[j];
                        sum += x * y;
                    }
                    assertEquals((int) sum, sum, "reference overflows int32");
                    c[i * n + j] = (int) sum;
                }
            }
            return c;
        }

        int[] javaKernel() {
            float[][] rows = new float[m][k];
            for (int i = 0; i < m; i++) {
                Int8Gemm.loadRow(a, i * k, aUnsigned, k, aZero[i], rows[i]);
            }
            float[][] packed = Int8Gemm.packNew(b, 0, n, 1, bUnsigned, k, n, bZero);
            int[] c = new int[m * n];
            Int8Gemm.multiply(rows, m, k, packed, n, 0, n, c, 0, n, new Scratch());
            return c;
        }

        /**
         * The native product in random groups of rows and column ranges (each starting at a strip),
         * written with a random row stride into a buffer filled with a marker, which must survive
         * outside the range written.
         */
        int[] nativeInPieces(SplittableRandom random, byte[] packed, int[] terms) {
            int[] c = new int[m * n];
            int i = 0;
            while (i < m) {
                int rows = Math.min(m - i, 1 + random.nextInt(20));
                int from = NativeInt8Gemm.LANES * random.nextInt(NativeInt8Gemm.strips(n));
                int to = from + 1 + random.nextInt(n - from);
                // Rows at a random offset and stride, junk between them; the last row ends the array.
                int stride = k + (random.nextBoolean() ? 0 : random.nextInt(7));
                int aOff = random.nextInt(5);
                byte[] rowBytes = new byte[aOff + (rows - 1) * stride + k];
                fillRandom(random, rowBytes);
                int[] rowTerms = new int[2 * rows];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(a, (i + r) * k, rowBytes, aOff + r * stride, k);
                    rowTerms[2 * r] = aZero[i + r];
                    rowTerms[2 * r + 1] = random.nextInt();
                }
                int width = to - from;
                int outStride = width + random.nextInt(3);
                int outOff = random.nextInt(3);
                int[] out = new int[outOff + rows * outStride + 2];
                Arrays.fill(out, 0x7eadbeef);
                NativeInt8Gemm.multiply(
                        rowBytes, aOff, stride, rows, k, aUnsigned, rowTerms, packed, n, terms, from, to, out, outOff,
                        outStride);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(out, outOff + r * outStride, c, (i + r) * n + from, width);
                    for (int j = outOff + r * outStride + width; j < outOff + (r + 1) * outStride; j++) {
                        assertEquals(0x7eadbeef, out[j], "written outside the column range");
                    }
                }
                assertEquals(0x7eadbeef, out[out.length - 1], "written past the last row");
                // The columns outside [from, to) of these rows, in two more calls.
                if (from > 0 || to < n) {
                    int[] rest = new int[rows * n];
                    NativeInt8Gemm.multiply(
                            rowBytes, aOff, stride, rows, k, aUnsigned, rowTerms, packed, n, terms, 0, n, rest, 0, n);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(rest, r * n, c, (i + r) * n, from);
                        System.arraycopy(rest, r * n + to, c, (i + r) * n + to, n - to);
                    }
                }
                i += rows;
            }
            return c;
        }
    }

    private static void fill(SplittableRandom random, byte[] values, boolean extreme) {
        for (int i = 0; i < values.length; i++) {
            values[i] = extreme ? EXTREMES[random.nextInt(EXTREMES.length)] : (byte) random.nextInt(256);
        }
    }

    private static void fillRandom(SplittableRandom random, byte[] values) {
        fill(random, values, false);
    }

    private static int[] zeros(SplittableRandom random, int count, int kind, boolean unsigned, boolean extreme) {
        int[] zeros = new int[count];
        if (kind == 0) {
            return zeros;
        }
        int shared = zero(random, unsigned, extreme);
        for (int i = 0; i < count; i++) {
            zeros[i] = kind == 1 ? shared : zero(random, unsigned, extreme);
        }
        return zeros;
    }

    private static int zero(SplittableRandom random, boolean unsigned, boolean extreme) {
        if (extreme) {
            return unsigned ? (random.nextBoolean() ? 0 : 255) : (random.nextBoolean() ? -128 : 127);
        }
        return unsigned ? random.nextInt(256) : random.nextInt(256) - 128;
    }
}
