/*
 * matrix: integer matrix multiply. Config: n (24), iterations (4). A and B are n x n with fixed contents
 * (A[i][j] = (7i + 3j + 1) mod 17, B[i][j] = (5i + 11j + 2) mod 13); each iteration computes C = A x B
 * (32-bit unsigned arithmetic), folds C into the checksum and continues with A = C & 0x3ff.
 * Matrices come from malloc. Logs "matrix: n=N iterations=I checksum=0x%08x", exits 0 (1 on bad n or no memory).
 */
#include "ecusim/env.h"

int main(void)
{
    unsigned n = config_uint("n", 24);
    unsigned iterations = config_uint("iterations", 4);
    if (n == 0 || n > 1024) {
        log_printf("bad n=%u", n);
        return 1;
    }
    unsigned *a = malloc(n * n * sizeof *a);
    unsigned *b = malloc(n * n * sizeof *b);
    unsigned *c = malloc(n * n * sizeof *c);
    if (a == NULL || b == NULL || c == NULL) {
        log_printf("out of memory for n=%u", n);
        return 1;
    }
    for (unsigned i = 0; i < n; i++) {
        for (unsigned j = 0; j < n; j++) {
            a[i * n + j] = (7u * i + 3u * j + 1u) % 17u;
            b[i * n + j] = (5u * i + 11u * j + 2u) % 13u;
        }
    }
    unsigned checksum = 0;
    for (unsigned it = 0; it < iterations; it++) {
        for (unsigned i = 0; i < n; i++) {
            for (unsigned j = 0; j < n; j++) {
                unsigned sum = 0;
                for (unsigned k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
                c[i * n + j] = sum;
            }
        }
        for (unsigned e = 0; e < n * n; e++) {
            checksum = ((checksum << 5) | (checksum >> 27)) + c[e];
            a[e] = c[e] & 0x3ffu;
        }
    }
    free(c);
    free(b);
    free(a);
    log_printf("n=%u iterations=%u checksum=0x%08x", n, iterations, checksum);
    return 0;
}
