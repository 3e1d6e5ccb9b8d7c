/* foreign: a program in the shape a port from elsewhere has. A standard main(int argc, char **argv), prints
   argc and argv[0], reads virtual time (svc #4) before and after some work and prints both, then makes a
   Linux-style system call (svc #0, write) that the bare ABI does not have: ecusim bare stops it there with
   an error, or with --lenient-svc returns -38 to it, which it prints before exiting 0. */
#include "bare.h"

int main(int argc, char **argv)
{
    char line[96];
    char *end = bare_append(line, "foreign: argc=");
    end = bare_format_dec(end, (unsigned)argc);
    end = bare_append(end, " argv[0]=");
    end = bare_append(end, argv[0]);
    *end++ = '\n';
    bare_write(line, (unsigned)(end - line));

    unsigned long long c0 = bare_cycles(), t0 = bare_time_us();
    volatile unsigned sink = 0;
    for (unsigned i = 0; i < 100000; i++) sink += i;
    unsigned long long c1 = bare_cycles(), t1 = bare_time_us();
    end = bare_append(line, "foreign: work took ");
    end = bare_format_dec(end, (unsigned)(c1 - c0)); /* both fit 32 bits here */
    end = bare_append(end, " cycles, ");
    end = bare_format_dec(end, (unsigned)(t1 - t0));
    end = bare_append(end, " us\n");
    bare_write(line, (unsigned)(end - line));

    register int r0 __asm__("r0") = 1;
    register const char *r1 __asm__("r1") = "linux write\n";
    register unsigned r2 __asm__("r2") = 12;
    register unsigned r7 __asm__("r7") = 4; /* __NR_write on ARM EABI */
    __asm__ volatile("svc #0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
    int result = r0; /* before any call: r0 is not kept across one */
    end = bare_append(line, "foreign: svc #0 returned -");
    end = bare_format_dec(end, (unsigned)-result);
    *end++ = '\n';
    bare_write(line, (unsigned)(end - line));
    return 0;
}
