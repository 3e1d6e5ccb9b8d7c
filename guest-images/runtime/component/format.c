/* printf-subset formatting for log_printf() and format() (ecusim/env.h). */
#include "ecusim/env.h"

struct sink {
    char *out;
    unsigned size;      /* capacity including the NUL */
    unsigned length;
};

static void put(struct sink *s, char c)
{
    if (s->length + 1 < s->size) s->out[s->length] = c;
    s->length++;
}

static void pad(struct sink *s, char c, int n)
{
    while (n-- > 0) put(s, c);
}

/* Digits of value in base (10 or 16) into buf (reversed); returns their count. */
static int digits(char *buf, unsigned long long value, unsigned base, int upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    if (base == 16) {
        do {
            buf[n++] = set[value & 15u];
            value >>= 4;
        } while (value != 0);
    } else if (value <= 0xffffffffull) {
        unsigned v = (unsigned)value;           /* 32-bit division: no libgcc 64-bit divide */
        do {
            buf[n++] = set[v % 10u];
            v /= 10u;
        } while (v != 0);
    } else {
        do {
            buf[n++] = set[value % 10u];
            value /= 10u;
        } while (value != 0);
    }
    return n;
}

int vformat(char *out, unsigned size, const char *fmt, va_list args)
{
    struct sink s = { out, size, 0 };
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&s, *p);
            continue;
        }
        p++;
        int zero = 0, left = 0, width = 0, longs = 0;
        for (;; p++) {
            if (*p == '0') zero = 1;
            else if (*p == '-') left = 1;
            else break;
        }
        while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
        while (*p == 'l') { longs++; p++; }
        if (left) zero = 0;
        char buf[24];
        int n = 0, negative = 0;
        const char *str = NULL;
        switch (*p) {
        case 'd': case 'i': {
            long long v = longs >= 2 ? va_arg(args, long long) : (long long)va_arg(args, int);
            unsigned long long magnitude = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
            negative = v < 0;
            n = digits(buf, magnitude, 10, 0);
            break;
        }
        case 'u': case 'x': case 'X': {
            unsigned long long v = longs >= 2 ? va_arg(args, unsigned long long)
                                              : (unsigned long long)va_arg(args, unsigned);
            n = digits(buf, v, *p == 'u' ? 10 : 16, *p == 'X');
            break;
        }
        case 'c':
            buf[0] = (char)va_arg(args, int);
            n = 1;
            break;
        case 's':
            str = va_arg(args, const char *);
            if (!str) str = "(null)";
            break;
        case '%':
            put(&s, '%');
            continue;
        case 0:
            p--;                                /* a lone '%' at the end */
            continue;
        default:                                /* unknown conversion: print it as it is */
            put(&s, '%');
            put(&s, *p);
            continue;
        }
        if (str) {
            int length = (int)strlen(str);
            if (!left) pad(&s, ' ', width - length);
            for (int i = 0; i < length; i++) put(&s, str[i]);
            if (left) pad(&s, ' ', width - length);
            continue;
        }
        int length = n + negative;
        if (!left && !zero) pad(&s, ' ', width - length);
        if (negative) put(&s, '-');
        if (zero) pad(&s, '0', width - length);
        while (n > 0) put(&s, buf[--n]);
        if (left) pad(&s, ' ', width - length);
    }
    if (s.size > 0) s.out[s.length < s.size ? s.length : s.size - 1] = 0;
    return (int)(s.length < s.size ? s.length : (s.size > 0 ? s.size - 1 : 0));
}

int format(char *out, unsigned size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int n = vformat(out, size, fmt, args);
    va_end(args);
    return n;
}
