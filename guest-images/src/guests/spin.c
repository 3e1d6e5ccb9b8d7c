/* spin: counts forever; used to test instruction budgets. */
#include "bare.h"

static volatile unsigned counter;

int main(unsigned heap_base, unsigned heap_size, unsigned arg0, unsigned arg1)
{
    (void)heap_base; (void)heap_size; (void)arg0; (void)arg1;
    bare_puts("spin: start\n");
    for (;;) counter++;
}
