/*
 * thread-bomb: creates threads through its CPU session and drops each capability at once, until the
 * platform refuses; every thread costs its PD's RAM quota (control block and UTCB), so that is where it ends.
 * Logs "created N threads, then error E" (E expected 12, ENOMEM) and exits 0.
 */
#include "ecusim/env.h"

int main(void)
{
    log_printf("creating threads until refused");       /* opens the LOG session while there is quota for it */
    unsigned created = 0;
    int error;
    for (;;) {
        unsigned thread;
        error = thread_create("bomb", 100, &thread);
        if (error != 0) break;
        created++;
        ecusim_cap_drop(thread);
    }
    log_printf("created %u threads, then error %d", created, -error);
    return 0;
}
