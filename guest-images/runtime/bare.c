#include "bare.h"

unsigned bare_strlen(const char *s)
{
    unsigned n = 0;
    while (s[n]) n++;
    return n;
}

void bare_puts(const char *s)
{
    bare_write(s, bare_strlen(s));
}

char *bare_append(char *out, const char *s)
{
    while (*s) *out++ = *s++;
    return out;
}

char *bare_format_dec(char *out, unsigned value)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0) *out++ = digits[--n];
    return out;
}

char *bare_format_hex(char *out, unsigned value)
{
    for (int shift = 28; shift >= 0; shift -= 4) *out++ = "0123456789abcdef"[(value >> shift) & 0xF];
    return out;
}
