/* crash: stores to address 4, in the unmapped null page, so the host reports a data abort. */
#include "bare.h"

int main(void)
{
    bare_puts("crash: about to fault\n");
    volatile unsigned *volatile wild = (volatile unsigned *)4; /* volatile: the compiler must not reason about it */
    *wild = 0xDEADu;
    bare_puts("crash: still alive?\n");
    return 0;
}
