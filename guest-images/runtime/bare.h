/*
 * The PROVISIONAL bare-metal system-call ABI of ecusim guests, and a few helpers. The platform issue
 * replaces it with the kernel's invoke ABI; keep guests' use of it to this header.
 *
 *   svc #1  write(r0 = bytes, r1 = length) -> r0 = length     (console output)
 *   svc #2  exit(r0 = code)                                   (does not return)
 *   svc #3  marker(r0 = value) -> 0                           (a host-visible event)
 *   svc #4  time() -> r0:r1 = cycles, r2:r3 = microseconds     (virtual time so far, 64-bit each)
 *   any other svc number stops the run: ecusim bare reports it as an error (--lenient-svc: returns -38)
 *
 * Entry: a standard C main, int main(void) or int main(int argc, char **argv) (argc = 1, argv[0] = "guest").
 * The host's parameters are in bare_heap_base/bare_heap_size (the heap, page-aligned, mapped read/write)
 * and bare_arg0/bare_arg1 (ecusim bare --arg0/--arg1). Returning from main exits with its result.
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

/* Virtual time since the guest started: cycles and microseconds at the machine's clock. */
static inline unsigned long long bare_cycles(void)
{
    register unsigned r0 __asm__("r0"), r1 __asm__("r1"), r2 __asm__("r2"), r3 __asm__("r3");
    __asm__ volatile("svc #4" : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3) : : "memory");
    (void)r2; (void)r3;
    return (unsigned long long)r1 << 32 | r0;
}

static inline unsigned long long bare_time_us(void)
{
    register unsigned r0 __asm__("r0"), r1 __asm__("r1"), r2 __asm__("r2"), r3 __asm__("r3");
    __asm__ volatile("svc #4" : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3) : : "memory");
    (void)r0; (void)r1;
    return (unsigned long long)r3 << 32 | r2;
}

/* The host's parameters (runtime/crt0.S keeps r0-r3 of the entry here). */
extern const unsigned bare_heap_base, bare_heap_size, bare_arg0, bare_arg1;

/* Helpers (runtime/bare.c). */
unsigned bare_strlen(const char *s);
void bare_puts(const char *s);                       /* writes s as it is (no newline added) */
char *bare_format_dec(char *out, unsigned value);    /* writes decimal digits, returns the end */
char *bare_format_hex(char *out, unsigned value);    /* writes 8 lowercase hex digits, returns the end */
char *bare_append(char *out, const char *s);         /* copies s, returns the end */

#endif
