/*
 * pingpong-client: connects to "Ping" and makes `rounds` calls (config rounds, default 100): call i sends
 * MR0 = i (label 1) and expects MR0 = i + 1 back. Measures virtual time with timer_now_us around the
 * calls. Logs "pingpong-client: R round trips ok" and "pingpong-client: elapsed_us=N", exit 0; on a bad
 * reply "pingpong-client: wrong reply X to N" (or "... call N failed, error E"), exit 1.
 */
#include "ecusim/env.h"

#define PING 1

int main(void)
{
    unsigned rounds = config_uint("rounds", 100);
    unsigned ping;
    int error = session_connect("Ping", "ram_quota=0", &ping, NULL);
    if (error != 0) {
        log("session to Ping failed, error %d", -error);
        return 1;
    }
    volatile unsigned *mr = ecusim_mr();
    unsigned long long start = timer_now_us();
    for (unsigned n = 0; n < rounds; n++) {
        mr[0] = n;
        struct ecusim_result r;
        unsigned e = ecusim_call(ping, ECUSIM_TAG(PING, 1, 0), 0, &r);
        if (e != 0) {
            log("call %u failed, error %u", n, e);
            return 1;
        }
        unsigned answer = mr[0];
        if (ECUSIM_TAG_WORDS(r.tag) < 1 || answer != n + 1) {
            log("wrong reply %u to %u", answer, n);
            return 1;
        }
    }
    unsigned long long end = timer_now_us();
    log("%u round trips ok", rounds);
    log("elapsed_us=%llu", end - start);
    return 0;
}
