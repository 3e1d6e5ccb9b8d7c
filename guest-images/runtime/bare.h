/*
 * The PROVISIONAL bare-metal system-call ABI of ecusim guests, and a few helpers. The platform issue
 * replaces it with the kernel's invoke ABI; keep guests' use of it to this header.
 *
 *   svc #1  write(r0 = bytes, r1 = length) -> r0 = length     (console output)
 *   svc #2  exit(r0 = code)                                   (does not return)
 *   svc #3  marker(r0 = value) -> 0                           (a host-visible event)
 *
 * Entry: main(heap_base, heap_size, arg0, arg1), heap page-aligned and mapped read/write by the host.
 */
#ifndef ECUSIM_BARE_H
#define ECUSIM_BARE_H

static inline int bare_write(const void *bytes, unsigned length)
{
    register unsigned r0 __asm__("r0") = (unsigned)bytes;
    register unsigned r1 __asm__("r1") = length;
    __asm__ volatile("svc #1" : "+r"(r0) : "r"(r1) : "memory");
    return (int)r0;
}

static inline __attribute__((noreturn)) void bare_exit(int code)
{
    register unsigned r0 __asm__("r0") = (unsigned)code;
    __asm__ volatile("svc #2" : : "r"(r0) : "memory");
    for (;;) { }
}

static inline void bare_marker(unsigned value)
{
    register unsigned r0 __asm__("r0") = value;
    __asm__ volatile("svc #3" : "+r"(r0) : : "memory");
}

/* Helpers (runtime/bare.c). */
unsigned bare_strlen(const char *s);
void bare_puts(const char *s);                       /* writes s as it is (no newline added) */
char *bare_format_dec(char *out, unsigned value);    /* writes decimal digits, returns the end */
char *bare_format_hex(char *out, unsigned value);    /* writes 8 lowercase hex digits, returns the end */
char *bare_append(char *out, const char *s);         /* copies s, returns the end */

int main(unsigned heap_base, unsigned heap_size, unsigned arg0, unsigned arg1);

#endif
