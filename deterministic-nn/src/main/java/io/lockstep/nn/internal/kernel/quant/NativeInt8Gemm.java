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
 * <p>Operands as the kernel takes them: {@code vpdpbusd} multiplies unsigned by signed bytes, so A is
 * held signed ({@code a_s = a - 128} for uint8 A) and B unsigned ({@code b_u = b + 128} for int8 B), and
 * the zero points move by the same offsets: {@code za = a_zero - offA}, {@code zb = b_zero + offB}.
 * With {@code rs = sum_p a_s} per row and {@code cc = sum_p b_u - k * zb} per column,
 *
 * <pre>{@code sum_p (a_s - za) * (b_u - zb) = dot - za * cc - rs * zb,   dot = sum_p a_s * b_u}</pre>
 *
 * <p>and every term is taken modulo 2^32 (Java int and the kernel's lanes both wrap). The exact sum fits
 * int32 ({@link Int8Gemm#MAX_DEPTH}), so the wrapped result is that sum: bit for bit the Java kernel's.
 *
 * <p>Layouts: A as rows of {@link #paddedDepth} bytes, zero padded; B as strips of {@link #LANES} columns,
 * each strip {@code paddedDepth(k) * 16} bytes, depth step {@code p} of column {@code j} at {@code
 * (j / 16) * kp * 16 + (p / 4) * 64 + (j % 16) * 4 + p % 4}; column terms {@code zb} then {@code cc},
 * each {@link #paddedColumns} ints (zero beyond {@code n}).
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
     * into {@code dst[0 .. packedLength)} and its column terms into {@code terms[0 .. columnTermsLength)},
     * padding included, so reused buffers carry nothing over.
     */
    static void packB(byte[] src, int off, boolean unsigned, int k, int n, int[] zeroPoints, byte[] dst, int[] terms) {
        int kp = paddedDepth(k);
        int np = paddedColumns(n);
        int stripBytes = kp * LANES;
        int flip = unsigned ? 0 : 0x80;
        Arrays.fill(dst, 0, packedLength(k, n), (byte) 0);
        Arrays.fill(terms, 0, 2 * np, 0);
        for (int p = 0; p < k; p++) {
            int s = off + p * n;
            int d = (p / GROUP) * GROUP * LANES + p % GROUP;
            for (int j = 0; j < n; j++) {
                int v = (src[s + j] ^ flip) & 0xff;
                dst[(j / LANES) * stripBytes + d + (j % LANES) * GROUP] = (byte) v;
                terms[np + j] += v;
            }
        }
        for (int j = 0; j < n; j++) {
            int zb = zeroPoints[j] + flip;
            terms[j] = zb;
            terms[np + j] -= k * zb;
        }
    }

    /**
     * Writes row {@code src[off .. off + k)} (int8 or uint8) as signed bytes to {@code dst[dstOff ..
     * dstOff + paddedDepth(k))}, zero padded, and returns the sum of the signed bytes.
     */
    static int packRow(byte[] src, int off, boolean unsigned, int k, byte[] dst, int dstOff) {
        int flip = unsigned ? 0x80 : 0;
        int sum = 0;
        for (int p = 0; p < k; p++) {
            byte v = (byte) (src[off + p] ^ flip);
            dst[dstOff + p] = v;
            sum += v;
        }
        for (int p = k; p < paddedDepth(k); p++) {
            dst[dstOff + p] = 0;
        }
        return sum;
    }

    /** The zero point of A as the kernel subtracts it from the signed bytes {@link #packRow} wrote. */
    static int rowZero(int zeroPoint, boolean unsigned) {
        return unsigned ? zeroPoint - 0x80 : zeroPoint;
    }

    /**
     * {@code out[outOff + r * outStride + (j - from)] = sum_p A'[r][p] * B'[p][j]} for {@code r < rows}
     * and {@code from <= j < to}: A packed by {@link #packRow} ({@code rows} rows of {@code
     * paddedDepth(k)} bytes, {@code aStride} apart, row terms {@code za, rs} at {@code rowTerms[2r],
     * rowTerms[2r + 1]}), B and its column terms packed by {@link #packB}. {@code from} must start a
     * strip. Requires {@link #AVAILABLE}.
     *
     * @throws IllegalArgumentException when an offset, stride or length does not fit the arrays
     */
    static void multiply(
            byte[] a,
            int aOff,
            int aStride,
            int rows,
            int[] rowTerms,
            byte[] b,
            int k,
            int n,
            int[] colTerms,
            int from,
            int to,
            int[] out,
            int outOff,
            int outStride) {
        int kp = paddedDepth(k);
        int np = paddedColumns(n);
        require(rows >= 0 && k >= 0 && n >= 0, "negative size");
        require(from >= 0 && from <= to && to <= n && from % LANES == 0, "column range");
        if (rows == 0 || from == to) {
            return;
        }
        require(aOff >= 0 && aStride >= kp && aOff + (long) (rows - 1) * aStride + kp <= a.length, "A");
        require(rowTerms.length >= 2L * rows, "row terms");
        require((long) strips(n) * kp * LANES <= b.length, "B");
        require(colTerms.length >= 2L * np, "column terms");
        require(
                outOff >= 0
                        && outStride >= to - from
                        && outOff + (long) (rows - 1) * outStride + (to - from) <= out.length,
                "output");
        if (!multiply0(a, aOff, aStride, rows, rowTerms, b, 0, kp, colTerms, np, from, to, out, outOff, outStride)) {
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
