/* spin: counts forever; used to test instruction budgets. */
#include "bare.h"

static volatile unsigned counter;

int main(void)
{
    bare_puts("spin: start\n");
    for (;;) counter++;
}
