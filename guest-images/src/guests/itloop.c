/* itloop (Thumb-2): a compute loop dense in IT blocks (branchless min/max/abs/clamp and conditional
   updates), printing a checksum and exiting with its low 7 bits. Checks architectural instruction counting. */
#include "bare.h"

static int clamp(int x, int lo, int hi) { return x < lo ? lo : (x > hi ? hi : x); }
static unsigned absdiff(int a, int b) { return a > b ? (unsigned)(a - b) : (unsigned)(b - a); }
static int max(int a, int b) { return a > b ? a : b; }

int main(void)
{
    unsigned iterations = bare_arg0 != 0 ? bare_arg0 : 1000;
    unsigned sum = 0x811c9dc5u, state = 12345;
    int peak = -1000000;
    for (unsigned i = 0; i < iterations; i++) {
        state = state * 1103515245u + 12345u;
        int v = clamp((int)((state >> 8) & 0xFFFF) - 32768, -20000, 20000);
        peak = max(peak, v);
        sum ^= absdiff(v, (int)i);
        sum = (sum << 5) | (sum >> 27);
        if (v & 1) sum += i; else sum -= (unsigned)peak;
        if (v < 0) sum ^= 0x5bd1e995u;
    }
    char line[40];
    char *end = bare_append(line, "itloop: checksum 0x");
    end = bare_format_hex(end, sum);
    *end++ = '\n';
    bare_write(line, (unsigned)(end - line));
    return (int)(sum & 0x7f);
}
