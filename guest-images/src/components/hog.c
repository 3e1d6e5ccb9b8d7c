/*
 * hog: allocates RAM with ram_alloc in 64 KiB steps until it fails, frees nothing, logs
 * "hog: got N KiB, then error E" (E expected 12, ENOMEM, when the PD's quota is exhausted), exits 0.
 * So that a large quota does not run out of capability selectors first, once fewer than 8 selectors are
 * left it drops its capability to each new dataspace (the RAM stays allocated and charged).
 */
#include "ecusim/env.h"

int main(void)
{
    log_printf("allocating RAM in 64 KiB steps");
    unsigned kib = 0;
    int error;
    for (;;) {
        unsigned ds;
        error = ram_alloc(64u * 1024u, &ds);
        if (error != 0) break;
        kib += 64;
        if (ecusim_cap_free_count() < 8) ecusim_cap_drop(ds);
    }
    log_printf("got %u KiB, then error %d", kib, -error);
    return 0;
}
