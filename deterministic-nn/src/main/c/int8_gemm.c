/*
 * The native int8 product of kernel set nn-2 (docs/adr/0011-native-int8-kernel.md): raw sums
 * dot[i][j] = sum_p a[i][p] * b[p][j] with AVX-512 VNNI (vpdpbusd: four u8 x s8 products added to each
 * int32 lane), then the zero-point terms c[i][j] = dot[i][j] - za[i] * cc[j] - rs[i] * zb[j], all in
 * wrapping 32-bit arithmetic. A is read as it is (uint8 or int8); B was packed with the other
 * signedness, so each product is u8 x s8 one way round or the other.
 *
 * The exact sum fits int32 (the Java side refuses deeper products), and every step here is exact
 * modulo 2^32, so the stored value is the exact sum: the same integers as the Java kernel on every
 * machine. vpdpbusd does not saturate (that is vpdpbusds), and one of its four-product sums is at
 * most 4 * 255 * 128 in magnitude.
 *
 * Safety: the Java caller (NativeInt8Gemm) checks every offset, stride and length against the arrays
 * before calling, so no index computed here leaves them: rows of A are read for exactly k bytes. Nothing
 * is allocated and nothing calls back into the JVM between pinning the arrays and releasing them.
 *
 * Layouts (written by the Java side, except rs):
 *  - a: rows of k bytes, row r at a + r * aStride;
 *  - b: strips of 16 columns, strip s at b + s * kp * 16 (kp = k rounded up to a multiple of 4, zero
 *    padded); within a strip, group g of 4 depth steps is 64 bytes, column c's 4 bytes at g * 64 + c * 4;
 *  - rowTerms: za[r] at 2r (from Java), rs[r] = sum_p a[r][p] at 2r + 1 (written here);
 *  - colTerms: zb[j] at j, cc[j] at np + j, np = strips * 16.
 */
#include <jni.h>
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define LANES 16
#define GROUP 4
#ifndef MAX_ROWS
#define MAX_ROWS 8
#endif
#ifndef MAX_VECS
#define MAX_VECS 2
#endif

#define VNNI __attribute__((target("avx512f,avx512bw,avx512vnni")))

struct product {
    const uint8_t *a;
    int k;
    int a_stride;
    const int32_t *row_terms;
    int32_t *row_terms_out;
    const uint8_t *b;
    int kp;
    const int32_t *col_terms;
    int np;
    int32_t *out;
    int out_stride;
    int from;
    int to;
};

/* Four bytes of a row as one int32 lane pattern (memcpy: the bytes need not be aligned). */
static inline __attribute__((always_inline)) int32_t quad(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* The last k % 4 bytes of a row, zero extended to four: nothing past the row is read. */
static inline __attribute__((always_inline)) int32_t tail(const uint8_t *p, int count) {
    uint8_t bytes[4] = {0, 0, 0, 0};
    memcpy(bytes, p, (size_t) count);
    int32_t v;
    memcpy(&v, bytes, sizeof v);
    return v;
}

/*
 * One register block: rows [row, row + R) by strips [strip, strip + V), sums kept in R * V zmm
 * registers for the whole depth. R, V and U (whether A is the unsigned operand) are constants at every
 * call site; the sums are named variables, not an array, because GCC keeps an array of vectors on the
 * stack.
 */
#define DOT(acc, b, a) (U ? _mm512_dpbusd_epi32(acc, a, b) : _mm512_dpbusd_epi32(acc, b, a))
#define DECLARE(r) __m512i c##r##0 = zero, c##r##1 = zero, c##r##2 = zero, c##r##3 = zero;
#define STEP(r, word)                                                                  \
    if (R > r) {                                                                       \
        __m512i av = _mm512_set1_epi32(word);                                          \
        c##r##0 = DOT(c##r##0, b0, av);                                                \
        if (V > 1) c##r##1 = DOT(c##r##1, b1, av);                                     \
        if (V > 2) c##r##2 = DOT(c##r##2, b2, av);                                     \
        if (V > 3) c##r##3 = DOT(c##r##3, b3, av);                                     \
    }
#define STEPS(word_of)                                                                 \
    STEP(0, word_of(0)) STEP(1, word_of(1)) STEP(2, word_of(2)) STEP(3, word_of(3))     \
    STEP(4, word_of(4)) STEP(5, word_of(5)) STEP(6, word_of(6)) STEP(7, word_of(7))
#define FINISH(r)                                                                      \
    if (R > r) {                                                                       \
        finish(p, row + (r), strip, c##r##0);                                          \
        if (V > 1) finish(p, row + (r), strip + 1, c##r##1);                           \
        if (V > 2) finish(p, row + (r), strip + 2, c##r##2);                           \
        if (V > 3) finish(p, row + (r), strip + 3, c##r##3);                           \
    }

/* Stores one vector of row `row`'s sums for strip `strip`, with the zero-point terms, masked to [from, to). */
static inline __attribute__((always_inline)) VNNI void finish(
        const struct product *p, int row, int strip, __m512i dot) {
    int j0 = strip * LANES;
    int live = p->to - j0 < LANES ? p->to - j0 : LANES;
    __mmask16 mask = (__mmask16) ((1u << live) - 1u);
    __m512i zb = _mm512_loadu_si512((const void *) (p->col_terms + j0));
    __m512i cc = _mm512_loadu_si512((const void *) (p->col_terms + p->np + j0));
    __m512i za = _mm512_set1_epi32(p->row_terms[2 * row]);
    __m512i rs = _mm512_set1_epi32(p->row_terms[2 * row + 1]);
    __m512i c = _mm512_sub_epi32(dot, _mm512_mullo_epi32(za, cc));
    c = _mm512_sub_epi32(c, _mm512_mullo_epi32(rs, zb));
    int32_t *dst = p->out + (size_t) row * p->out_stride + (j0 - p->from);
    _mm512_mask_storeu_epi32((void *) dst, mask, c);
}

static inline __attribute__((always_inline)) VNNI void block(
        const struct product *p, int row, int strip, const int R, const int V, const int U) {
    const __m512i zero = _mm512_setzero_si512();
    DECLARE(0) DECLARE(1) DECLARE(2) DECLARE(3) DECLARE(4) DECLARE(5) DECLARE(6) DECLARE(7)
    const size_t strip_bytes = (size_t) p->kp * LANES;
    const uint8_t *b = p->b + (size_t) strip * strip_bytes;
    const uint8_t *a = p->a + (size_t) row * p->a_stride;
    const size_t stride = (size_t) p->a_stride;
    const size_t whole = (size_t) (p->k / GROUP) * GROUP;
    __m512i b0, b1 = zero, b2 = zero, b3 = zero;
#define LOAD_B(bg)                                                                      \
    b0 = _mm512_loadu_si512((const void *) (bg));                                      \
    if (V > 1) b1 = _mm512_loadu_si512((const void *) ((bg) + strip_bytes));           \
    if (V > 2) b2 = _mm512_loadu_si512((const void *) ((bg) + 2 * strip_bytes));       \
    if (V > 3) b3 = _mm512_loadu_si512((const void *) ((bg) + 3 * strip_bytes));
#define WHOLE(r) quad(a + (size_t) (r) * stride + depth)
#define PART(r) tail(a + (size_t) (r) * stride + depth, rest)
    size_t depth = 0;
    for (; depth < whole; depth += GROUP) {
        LOAD_B(b + depth * LANES)
        STEPS(WHOLE)
    }
    int rest = p->k - (int) whole;
    if (rest > 0) {
        LOAD_B(b + depth * LANES)
        STEPS(PART)
    }
#undef LOAD_B
#undef WHOLE
#undef PART
    FINISH(0) FINISH(1) FINISH(2) FINISH(3) FINISH(4) FINISH(5) FINISH(6) FINISH(7)
}

/* Rows [row, row + R) over every strip of the column range, MAX_VECS strips at a time. */
static inline __attribute__((always_inline)) VNNI void rows_of(
        const struct product *p, int row, const int R, const int U) {
    int first = p->from / LANES;
    int last = (p->to + LANES - 1) / LANES;
    int s = first;
    for (; s + MAX_VECS <= last; s += MAX_VECS) {
        block(p, row, s, R, MAX_VECS, U);
    }
    switch (last - s) {
        case 3: block(p, row, s, R, 3, U); break;
        case 2: block(p, row, s, R, 2, U); break;
        case 1: block(p, row, s, R, 1, U); break;
        default: break;
    }
}

/*
 * rs[r] = sum of row r's k bytes, read as unsigned (sad against zero) and, for int8, corrected by
 * 128 per byte: (a ^ 0x80) = a + 128 as unsigned. Masked loads read nothing past the row.
 */
static VNNI void row_sums(const struct product *p, int rows, int a_unsigned) {
    const __m512i flip = _mm512_set1_epi8(a_unsigned ? 0 : (char) 0x80);
    for (int r = 0; r < rows; r++) {
        const uint8_t *a = p->a + (size_t) r * p->a_stride;
        __m512i sums = _mm512_setzero_si512();
        int depth = 0;
        for (; depth + 64 <= p->k; depth += 64) {
            __m512i v = _mm512_xor_si512(_mm512_loadu_si512((const void *) (a + depth)), flip);
            sums = _mm512_add_epi64(sums, _mm512_sad_epu8(v, _mm512_setzero_si512()));
        }
        if (depth < p->k) {
            __mmask64 mask = (__mmask64) ((~0ull) >> (64 - (p->k - depth)));
            __m512i v = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, (const void *) (a + depth)), flip);
            v = _mm512_maskz_mov_epi8(mask, v);
            sums = _mm512_add_epi64(sums, _mm512_sad_epu8(v, _mm512_setzero_si512()));
        }
        uint32_t sum = (uint32_t) _mm512_reduce_add_epi64(sums);
        if (!a_unsigned) {
            sum -= 128u * (uint32_t) p->k;
        }
        p->row_terms_out[2 * r + 1] = (int32_t) sum;
    }
}

static VNNI void multiply(const struct product *p, int rows, int a_unsigned) {
    row_sums(p, rows, a_unsigned);
    int row = 0;
#define ALL_ROWS(U)                                                                    \
    for (; row + MAX_ROWS <= rows; row += MAX_ROWS) {                                  \
        rows_of(p, row, MAX_ROWS, U);                                                  \
    }                                                                                  \
    switch (rows - row) {                                                              \
        case 7: rows_of(p, row, 7, U); break;                                          \
        case 6: rows_of(p, row, 6, U); break;                                          \
        case 5: rows_of(p, row, 5, U); break;                                          \
        case 4: rows_of(p, row, 4, U); break;                                          \
        case 3: rows_of(p, row, 3, U); break;                                          \
        case 2: rows_of(p, row, 2, U); break;                                          \
        case 1: rows_of(p, row, 1, U); break;                                          \
        default: break;                                                                \
    }
    if (a_unsigned) {
        ALL_ROWS(1)
    } else {
        ALL_ROWS(0)
    }
#undef ALL_ROWS
}

/* Whether this CPU and OS run the kernel: AVX-512 F and BW (masked stores) and VNNI, with zmm state enabled. */
JNIEXPORT jboolean JNICALL Java_io_lockstep_nn_internal_kernel_quant_NativeInt8Gemm_supported(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
                    && __builtin_cpu_supports("avx512vnni")
            ? JNI_TRUE
            : JNI_FALSE;
}

/* Returns JNI_FALSE, having written nothing, when the JVM could not pin an array. */
JNIEXPORT jboolean JNICALL Java_io_lockstep_nn_internal_kernel_quant_NativeInt8Gemm_multiply0(
        JNIEnv *env,
        jclass cls,
        jbyteArray a,
        jint aOff,
        jint aStride,
        jint rows,
        jint k,
        jboolean aUnsigned,
        jintArray rowTerms,
        jbyteArray b,
        jint bOff,
        jint kp,
        jintArray colTerms,
        jint np,
        jint from,
        jint to,
        jintArray out,
        jint outOff,
        jint outStride) {
    (void) cls;
    jbyte *pa = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
    jint *prow = pa ? (*env)->GetPrimitiveArrayCritical(env, rowTerms, NULL) : NULL;
    jbyte *pb = prow ? (*env)->GetPrimitiveArrayCritical(env, b, NULL) : NULL;
    jint *pcol = pb ? (*env)->GetPrimitiveArrayCritical(env, colTerms, NULL) : NULL;
    jint *pout = pcol ? (*env)->GetPrimitiveArrayCritical(env, out, NULL) : NULL;
    if (pout) {
        struct product p = {
            .a = (const uint8_t *) pa + aOff,
            .k = k,
            .a_stride = aStride,
            .row_terms = (const int32_t *) prow,
            .row_terms_out = (int32_t *) prow,
            .b = (const uint8_t *) pb + bOff,
            .kp = kp,
            .col_terms = (const int32_t *) pcol,
            .np = np,
            .out = (int32_t *) pout + outOff,
            .out_stride = outStride,
            .from = from,
            .to = to,
        };
        multiply(&p, rows, aUnsigned == JNI_TRUE);
    }
    /* Mode JNI_ABORT for the inputs: nothing to copy back should the JVM have made copies. */
    if (pout) (*env)->ReleasePrimitiveArrayCritical(env, out, pout, 0);
    if (pcol) (*env)->ReleasePrimitiveArrayCritical(env, colTerms, pcol, JNI_ABORT);
    if (pb) (*env)->ReleasePrimitiveArrayCritical(env, b, pb, JNI_ABORT);
    if (prow) (*env)->ReleasePrimitiveArrayCritical(env, rowTerms, prow, 0);
    if (pa) (*env)->ReleasePrimitiveArrayCritical(env, a, pa, JNI_ABORT);
    return pout ? JNI_TRUE : JNI_FALSE;
}
