/* wild: stores through a wild pointer (address 0x4, unmapped): the component must be stopped by the
   fault and never log "wild: survived". */
#include "ecusim/env.h"

int main(void)
{
    log_printf("writing to a wild pointer");
    volatile unsigned *volatile wild = (volatile unsigned *)0x4;   /* volatile: gcc must not reason about it */
    *wild = 0xdeadbeefu;
    log_printf("survived");
    return 1;
}
