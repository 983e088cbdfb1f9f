/*
 * The native int8 kernel under guard pages: every buffer ends exactly where an inaccessible page
 * begins, sized as tightly as NativeInt8Gemm's checks allow (A's last row ends the buffer, the output
 * holds exactly the rows and columns written), so a read or write past any of them faults. Random
 * shapes, strides, column ranges and both signednesses of A. Run by NativeInt8GemmGuardPageTest.
 *
 * Exit status: 0 when every product ran, 77 when this CPU cannot run the kernel, a signal otherwise.
 */
#define _DEFAULT_SOURCE
#include "int8_gemm.c"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* `size` bytes that end at an inaccessible page (and start after one). */
static void *guarded(size_t size) {
    size_t page = (size_t) sysconf(_SC_PAGESIZE);
    size_t pages = (size + page - 1) / page + 2;
    uint8_t *base = mmap(NULL, pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED || mprotect(base, page, PROT_NONE) != 0
            || mprotect(base + (pages - 1) * page, page, PROT_NONE) != 0) {
        perror("guard pages");
        exit(2);
    }
    uint8_t *end = base + (pages - 1) * page;
    for (uint8_t *q = base + page; q < end; q++) {
        *q = (uint8_t) rand();
    }
    return end - size;
}

int main(int argc, char **argv) {
    if (!Java_io_lockstep_nn_internal_kernel_quant_NativeInt8Gemm_supported(NULL, NULL)) {
        puts("this CPU lacks AVX512-VNNI");
        return 77;
    }
    unsigned seed = argc > 1 ? (unsigned) strtoul(argv[1], NULL, 10) : 1;
    srand(seed);
    int cases = 0;
    for (int c = 0; c < 1500; c++) {
        int m = 1 + rand() % 20;
        int k = 1 + rand() % 300;
        int n = 1 + rand() % 200;
        int kp = (k + 3) / 4 * 4;
        int strips = (n + 15) / 16;
        int np = strips * 16;
        int from = 16 * (rand() % strips);
        int to = from + 1 + rand() % (n - from);
        int stride = k + rand() % 3;
        int width = to - from;
        struct product p = {
            .a = guarded((size_t) (m - 1) * stride + k),
            .k = k,
            .a_stride = stride,
            .b = guarded((size_t) strips * kp * LANES),
            .kp = kp,
            .np = np,
            .out_stride = width,
            .from = from,
            .to = to,
        };
        int32_t *row_terms = guarded(sizeof(int32_t) * 2 * (size_t) m);
        p.row_terms = row_terms;
        p.row_terms_out = row_terms;
        p.col_terms = guarded(sizeof(int32_t) * 2 * (size_t) np);
        p.out = guarded(sizeof(int32_t) * (size_t) m * width);
        multiply(&p, m, rand() % 2);
        cases++;
    }
    printf("seed=%u: %d products under guard pages, no fault\n", seed, cases);
    return 0;
}
