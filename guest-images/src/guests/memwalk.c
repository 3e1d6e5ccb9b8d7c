/* memwalk: writes word 0 of every heap page, in a chosen order, for R rounds, with a marker system call
   after each round. Invariant checked by host tests: after round r, word 0 of page p is (r << 16) | (p & 0xFFFF).
   arg0 = rounds (0: 4). arg1 bits 0-7 = pattern (0 sequential, 1 strided, 2 random); bits 8-31 = stride
   in pages (strided; 0: 7; a stride sharing a factor with the page count falls back to 1) or seed (random; 0: 1). */
#include "bare.h"

#define MAX_PAGES 65536
static unsigned short order[MAX_PAGES]; /* one round's permutation (random pattern) */

static unsigned gcd(unsigned a, unsigned b)
{
    while (b != 0) {
        unsigned t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static unsigned xorshift32(unsigned *state)
{
    unsigned x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

int main(void)
{
    unsigned heap_base = bare_heap_base, pages = bare_heap_size / 4096;
    unsigned rounds = bare_arg0 != 0 ? bare_arg0 : 4;
    unsigned pattern = bare_arg1 & 0xFF, parameter = bare_arg1 >> 8;
    static const char *const names[] = {"sequential", "strided", "random"};
    if (pages == 0 || pages > MAX_PAGES || pattern > 2) {
        bare_puts("memwalk: bad parameters\n");
        return 1;
    }
    unsigned stride = parameter != 0 ? parameter % pages : 7 % pages;
    if (stride == 0 || gcd(stride, pages) != 1) stride = 1;
    unsigned seed = parameter != 0 ? parameter : 1;
    volatile unsigned *heap = (volatile unsigned *)heap_base;
    for (unsigned round = 1; round <= rounds; round++) {
        if (pattern == 2) { /* Fisher-Yates with a fresh permutation every round */
            for (unsigned i = 0; i < pages; i++) order[i] = (unsigned short)i;
            for (unsigned i = pages - 1; i > 0; i--) {
                unsigned j = xorshift32(&seed) % (i + 1);
                unsigned short t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        unsigned page = 0;
        for (unsigned i = 0; i < pages; i++) {
            if (pattern == 0) page = i;
            else if (pattern == 2) page = order[i];
            heap[page * 1024] = (round << 16) | (page & 0xFFFF);
            if (pattern == 1) {
                page += stride;
                if (page >= pages) page -= pages;
            }
        }
        bare_marker(round);
    }
    char line[96];
    char *end = bare_append(line, "memwalk: ");
    end = bare_format_dec(end, pages);
    end = bare_append(end, " pages, ");
    end = bare_format_dec(end, rounds);
    end = bare_append(end, " rounds, pattern ");
    end = bare_append(end, names[pattern]);
    *end++ = '\n';
    bare_write(line, (unsigned)(end - line));
    return 0;
}
