/* hello: prints two lines and exits with 42. The product and the quotient are computed at run time,
   the quotient through libgcc's __aeabi_uidiv (Thumb code: the Cortex-A9 has no divide instruction). */
#include "bare.h"

int main(void)
{
    volatile unsigned six = 6, seven = 7, dividend = 294;
    bare_puts("Hello from the ECU guest!\n");
    char line[48];
    char *end = bare_append(line, "hello: 6 * 7 = ");
    end = bare_format_dec(end, six * seven);
    *end++ = '\n';
    bare_write(line, (unsigned)(end - line));
    return (int)(dividend / seven);
}
