/* ipc-timeout: IPC timeouts in virtual time. An open wait with a 5 ms timeout (nobody sends) must return
   ECUSIM_ETIMEDOUT after 5 ms; a zero timeout must return at once; a closed wait on a signal nobody
   triggers times out the same way. Logs each result and the virtual time it took, exits 0. */
#include "ecusim/env.h"

static void wait_and_log(const char *what, unsigned selector, unsigned flags, unsigned timeout_us)
{
    unsigned long long before = timer_now_us();
    struct ecusim_result r;
    ecusim_invoke(ECUSIM_TAG(0, 0, 0), selector, flags, timeout_us, &r);
    unsigned long long after = timer_now_us();
    log_printf("%s with timeout %u us -> error %u after %llu us", what, timeout_us, r.error, after - before);
}

int main(void)
{
    timer_now_us(); /* open the Timer session first, so the measurements below contain only the waits */
    wait_and_log("open wait", 0, ECUSIM_RECV | ECUSIM_OPEN_WAIT, 5000);
    wait_and_log("open wait", 0, ECUSIM_RECV | ECUSIM_OPEN_WAIT, 0);
    unsigned irq;
    int error = signal_alloc(7, &irq);
    if (error) {
        log_printf("signal_alloc failed, error %d", -error);
        return 1;
    }
    wait_and_log("signal wait", irq, ECUSIM_RECV, 2000);
    return 0;
}
