package io.lockstep.nn.internal.kernel.quant;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional native int8 product (ADR 0011): the same exact int32 sums as {@link Int8Gemm}, computed
 * by an AVX-512 VNNI kernel ({@code src/main/c/int8_gemm.c}) where it loads, and never otherwise.
 *
 * <p>Operands as the kernel takes them: {@code vpdpbusd} multiplies unsigned by signed bytes. A is read
 * as it is, and B is packed with the other signedness: {@code b_n = b - d}, with {@code d = 128} (uint8
 * B for uint8 A), {@code -128} (int8 B for int8 A) or 0. B's zero point moves by the same offset, {@code
 * zb = b_zero - d}, and A's is {@code za = a_zero}. With {@code rs = sum_p a} per row (the kernel sums
 * it) and {@code cc = sum_p b_n - k * zb} per column,
 *
 * <pre>{@code sum_p (a - za) * (b_n - zb) = dot - za * cc - rs * zb,   dot = sum_p a * b_n}</pre>
 *
 * <p>and every term is taken modulo 2^32 (Java int and the kernel's lanes both wrap). The exact sum fits
 * int32 ({@link Int8Gemm#MAX_DEPTH}), so the wrapped result is that sum: bit for bit the Java kernel's.
 *
 * <p>Layouts: A as rows of {@code k} bytes at any stride, read in place; B as strips of {@link #LANES}
 * columns, each strip {@code paddedDepth(k) * 16} bytes, depth step {@code p} of column {@code j} at
 * {@code (j / 16) * kp * 16 + (p / 4) * 64 + (j % 16) * 4 + p % 4} (zero padded); column terms {@code
 * zb} then {@code cc}, each {@link #paddedColumns} ints (zero beyond {@code n}).
 *
 * <p>Safety: {@link #multiply} checks every offset, stride and length against the arrays before the
 * call, which is all the C code indexes by; the C code allocates nothing and never calls back into the
 * JVM while the arrays are pinned. Off with {@code -Dlockstep.nn.native=false}.
 */
public final class NativeInt8Gemm {
    /** Columns per strip: the int32 lanes of a 512-bit vector. */
    static final int LANES = 16;

    /** Depth steps summed per lane by one {@code vpdpbusd}. */
    static final int GROUP = 4;

    private static final String RESOURCE = "/native/linux-x86_64/liblockstep_int8.so";

    private static final Logger LOG = LoggerFactory.getLogger(NativeInt8Gemm.class);

    /** Whether the native kernel runs in this JVM: decided once, when this class initializes. */
    static final boolean AVAILABLE = load();

    private NativeInt8Gemm() {}

    /** Whether the native kernel runs in this JVM ({@link #AVAILABLE}, for callers outside this package). */
    public static boolean running() {
        return AVAILABLE;
    }

    /**
     * Whether a {@code k x n} B, padded, fits Java arrays (the padding can push a B near the largest
     * tensor the limits allow past them); a product that does not fit takes the Java kernel.
     */
    static boolean fits(int k, int n) {
        long strips = ((long) n + LANES - 1) / LANES;
        long depth = ((long) k + GROUP - 1) / GROUP * GROUP;
        return strips * depth * LANES <= Integer.MAX_VALUE - 8 && 2 * strips * LANES <= Integer.MAX_VALUE - 8;
    }

    /** Depth rounded up to whole groups of {@link #GROUP}. */
    static int paddedDepth(int k) {
        return (k + GROUP - 1) / GROUP * GROUP;
    }

    /** Strips of {@link #LANES} columns that hold {@code n} columns. */
    static int strips(int n) {
        return (n + LANES - 1) / LANES;
    }

    /** Columns rounded up to whole strips. */
    static int paddedColumns(int n) {
        return strips(n) * LANES;
    }

    /** Bytes of a packed {@code k x n} B. */
    static int packedLength(int k, int n) {
        return Math.multiplyExact(strips(n), Math.multiplyExact(paddedDepth(k), LANES));
    }

    /** Ints of the column terms of an n-column B. */
    static int columnTermsLength(int n) {
        return 2 * paddedColumns(n);
    }

    /**
     * Packs the row-major {@code k x n} B at {@code src[off ..]} (int8 or uint8, zero points per column)
     * for A of signedness {@code aUnsigned} into {@code dst[0 .. packedLength)} and its column terms
     * into {@code terms[0 .. columnTermsLength)}, padding included, so reused buffers carry nothing over.
     */
    static void packB(
            byte[] src,
            int off,
            boolean bUnsigned,
            boolean aUnsigned,
            int k,
            int n,
            int[] zeroPoints,
            byte[] dst,
            int[] terms) {
        int np = paddedColumns(n);
        int stripBytes = paddedDepth(k) * LANES;
        // Flipping the top bit turns uint8 b into b - 128 as int8, and int8 b into b + 128 as uint8.
        int flip = aUnsigned == bUnsigned ? 0x80 : 0;
        int d = flip == 0 ? 0 : bUnsigned ? 128 : -128;
        Arrays.fill(dst, 0, packedLength(k, n), (byte) 0);
        Arrays.fill(terms, 0, 2 * np, 0);
        for (int p = 0; p < k; p++) {
            int s = off + p * n;
            int g = (p / GROUP) * GROUP * LANES + p % GROUP;
            for (int j = 0; j < n; j++) {
                byte v = (byte) (src[s + j] ^ flip);
                dst[(j / LANES) * stripBytes + g + (j % LANES) * GROUP] = v;
                terms[np + j] += aUnsigned ? v : v & 0xff;
            }
        }
        for (int j = 0; j < n; j++) {
            int zb = zeroPoints[j] - d;
            terms[j] = zb;
            terms[np + j] -= k * zb;
        }
    }

    /**
     * {@code out[outOff + r * outStride + (j - from)] = sum_p (A[r][p] - za[r]) * (B[p][j] - zb[j])} for
     * {@code r < rows} and {@code from <= j < to}: row {@code r} of A is {@code a[aOff + r * aStride ..
     * + k)}, int8 or uint8 as {@code aUnsigned}, its zero point {@code rowTerms[2r]} (the kernel writes
     * the row's sum to {@code rowTerms[2r + 1]}); B and its column terms packed by {@link #packB} for the
     * same {@code aUnsigned}. {@code from} must start a strip. Requires {@link #AVAILABLE}.
     *
     * @throws IllegalArgumentException when an offset, stride or length does not fit the arrays
     */
    static void multiply(
            byte[] a,
            int aOff,
            int aStride,
            int rows,
            int k,
            boolean aUnsigned,
            int[] rowTerms,
            byte[] b,
            int n,
            int[] colTerms,
            int from,
            int to,
            int[] out,
            int outOff,
            int outStride) {
        require(rows >= 0 && k >= 0 && n >= 0, "negative size");
        require(from >= 0 && from <= to && to <= n && from % LANES == 0, "column range");
        if (rows == 0 || from == to) {
            return;
        }
        int kp = paddedDepth(k);
        int np = paddedColumns(n);
        require(aOff >= 0 && aStride >= k && aOff + (long) (rows - 1) * aStride + k <= a.length, "A");
        require(rowTerms.length >= 2L * rows, "row terms");
        require((long) strips(n) * kp * LANES <= b.length, "B");
        require(colTerms.length >= 2L * np, "column terms");
        require(
                outOff >= 0
                        && outStride >= to - from
                        && outOff + (long) (rows - 1) * outStride + (to - from) <= out.length,
                "output");
        if (!multiply0(
                a, aOff, aStride, rows, k, aUnsigned, rowTerms, b, 0, kp, colTerms, np, from, to, out, outOff,
                outStride)) {
            throw new IllegalStateException("the JVM did not pin the arrays of the native int8 product");
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("native int8 product: " + what + " out of bounds");
        }
    }

    private static boolean load() {
        String reason = loadReason();
        if (reason == null) {
            LOG.info("int8_kernel=native isa=avx512_vnni");
            return true;
        }
        LOG.info("int8_kernel=java reason=\"{}\"", reason);
        return false;
    }

    /** Loads the library and asks the CPU; null when the kernel can run, else why not. */
    private static String loadReason() {
        if ("false".equals(System.getProperty("lockstep.nn.native"))) {
            return "-Dlockstep.nn.native=false";
        }
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "no native kernel for " + os + " " + arch;
        }
        URL url = NativeInt8Gemm.class.getResource(RESOURCE);
        if (url == null) {
            return "the native kernel was not built (no gcc at build time?)";
        }
        try {
            boolean copied = !url.getProtocol().equals("file");
            Path library = copied ? copy(url) : Path.of(url.toURI());
            try {
                System.load(library.toString());
            } finally {
                if (copied) {
                    // Loaded means mapped: the file is no longer needed, and nothing is left behind.
                    Files.deleteIfExists(library);
                }
            }
            if (!supported()) {
                return "the CPU or OS lacks AVX512-VNNI";
            }
            return null;
        } catch (IOException | URISyntaxException | UnsatisfiedLinkError | SecurityException e) {
            return "the native kernel did not load: " + e;
        }
    }

    /** The library inside a jar, copied to a temporary file that System.load can map. */
    private static Path copy(URL url) throws IOException {
        Path copy = Files.createTempFile("lockstep-int8-", ".so");
        try (InputStream in = url.openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return copy;
    }

    private static native boolean supported();

    private static native boolean multiply0(
            byte[] a,
            int aOff,
            int aStride,
            int rows,
            int k,
            boolean aUnsigned,
            int[] rowTerms,
            byte[] b,
            int bOff,
            int kp,
            int[] colTerms,
            int np,
            int from,
            int to,
            int[] out,
            int outOff,
            int outStride);
}
