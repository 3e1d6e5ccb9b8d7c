/* badcap: invokes the empty selector 200 (expected error 2, ENOENT) and the selector 9999 outside the
   256-entry capability space (expected 34, ERANGE) with SEND|RECV, logs the r1 codes, exits 0. */
#include "ecusim/env.h"

static unsigned invoke(unsigned selector)
{
    volatile unsigned *mr = ecusim_mr();
    mr[0] = 0;
    return ecusim_invoke(ECUSIM_TAG(0, 1, 0), selector, ECUSIM_SEND | ECUSIM_RECV, ECUSIM_TIMEOUT_NEVER, NULL);
}

int main(void)
{
    unsigned error = invoke(200);
    log_printf("invoke of empty selector -> error %u", error);
    error = invoke(9999);
    log_printf("invoke of out-of-range selector -> error %u", error);
    return 0;
}
