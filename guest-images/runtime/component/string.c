/* The libc bits components need (ecusim/env.h). Built with -fno-tree-loop-distribute-patterns so gcc
   does not turn these loops into calls to themselves. */
#include "ecusim/env.h"

typedef unsigned __attribute__((may_alias)) word_t;

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned char byte = (unsigned char)c;
    while (n > 0 && ((unsigned)d & 3u)) { *d++ = byte; n--; }
    unsigned word = byte * 0x01010101u;
    while (n >= 4) { *(word_t *)(void *)d = word; d += 4; n -= 4; }
    while (n > 0) { *d++ = byte; n--; }
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((((unsigned)d | (unsigned)s) & 3u) == 0) {
        while (n >= 4) { *(word_t *)(void *)d = *(const word_t *)(const void *)s; d += 4; s += 4; n -= 4; }
    }
    while (n > 0) { *d++ = *s++; n--; }
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0) return dst;
    if (d < s || d >= s + n) return memcpy(dst, src, n);
    while (n > 0) { n--; d[n] = s[n]; }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) { a++; b++; }
    return (unsigned char)*a < (unsigned char)*b ? -1 : (unsigned char)*a > (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++) {
        if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        if (*a == 0) return 0;
    }
    return 0;
}
