/*
 * ported: src/ported/primes.c, an ordinary C program that prints with printf, run as a component without
 * changing it (guest-images/README.md, "Porting a C program"). Two parts: a printf for ecusim, which
 * formats with the runtime's vformat and hands each complete line to log_printf (a component logs whole
 * lines of at most ECUSIM_STRING_MAX bytes); and the program itself, its main renamed so that the
 * component's main can flush what is left of the last line after it returns.
 */
#include "ecusim/env.h"

static char line[ECUSIM_STRING_MAX + 1];
static unsigned used;

static void flush_line(void)
{
    line[used] = '\0';
    log_printf("%s", line);
    used = 0;
}

int printf(const char *format, ...)
{
    char text[256];
    va_list args;
    va_start(args, format);
    int length = vformat(text, sizeof text, format, args);
    va_end(args);
    for (int i = 0; text[i] != '\0'; i++) {
        if (text[i] == '\n') {
            flush_line();
            continue;
        }
        if (used == ECUSIM_STRING_MAX) flush_line(); /* an overlong line goes out in pieces */
        line[used++] = text[i];
    }
    return length;
}

#define main primes_main
#include "../ported/primes.c"
#undef main

int main(void)
{
    int code = primes_main();
    if (used > 0) flush_line();
    return code;
}
