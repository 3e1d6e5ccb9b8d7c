/* counter: logs "count N" (N from 1) every period_ms (default 10) of virtual time, sleeping on the
   Timer session; after `limit` counts (default 0 = forever) logs "done" and exits 0. */
#include "ecusim/env.h"

int main(void)
{
    unsigned period_ms = config_uint("period_ms", 10);
    unsigned limit = config_uint("limit", 0);
    for (unsigned n = 1; limit == 0 || n <= limit; n++) {
        timer_sleep_ms(period_ms);
        log_printf("count %u", n);
    }
    log_printf("done");
    return 0;
}
