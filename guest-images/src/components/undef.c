/* undef: executes an undefined instruction (udf #0); must never log "undef: survived". */
#include "ecusim/env.h"

int main(void)
{
    log_printf("executing an undefined instruction");
    __asm__ volatile(".inst 0xe7f000f0" : : : "memory");
    log_printf("survived");
    return 1;
}
