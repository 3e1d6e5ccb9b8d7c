/*
 * pingpong-client: connects to "Ping" and makes `rounds` calls (config rounds, default 100): call i sends
 * MR0 = i (label 1) and expects MR0 = i + 1 back. Measures virtual time with timer_now_us around the
 * calls. Logs "R round trips ok" and "elapsed_us=N". Then asks the server for a private gate (label 2),
 * which arrives as a capability in a typed item, calls through it and logs "private gate L answered X
 * through label Y" (Y is the label the server saw: the private gate's, not the announced one's). Exit 0;
 * on a bad
 * reply "pingpong-client: wrong reply X to N" (or "... call N failed, error E"), exit 1.
 */
#include "ecusim/env.h"

#define PING 1

int main(void)
{
    unsigned rounds = config_uint("rounds", 100);
    unsigned ping;
    int error = session_connect("Ping", "ram_quota=4K", &ping, NULL);
    if (error != 0) {
        log_printf("session to Ping failed, error %d", -error);
        return 1;
    }
    volatile unsigned *mr = ecusim_mr();
    unsigned long long start = timer_now_us();
    for (unsigned n = 0; n < rounds; n++) {
        mr[0] = n;
        struct ecusim_result r;
        unsigned e = ecusim_call(ping, ECUSIM_TAG(PING, 1, 0), 0, &r);
        if (e != 0) {
            log_printf("call %u failed, error %u", n, e);
            return 1;
        }
        unsigned answer = mr[0];
        if (ECUSIM_TAG_WORDS(r.tag) < 1 || answer != n + 1) {
            log_printf("wrong reply %u to %u", answer, n);
            return 1;
        }
    }
    unsigned long long end = timer_now_us();
    log_printf("%u round trips ok", rounds);
    log_printf("elapsed_us=%llu", end - start);

    struct ecusim_result r;
    unsigned buffer = ecusim_cap_alloc();
    unsigned e = ecusim_call(ping, ECUSIM_TAG(2, 0, 0), buffer, &r);
    unsigned private_gate = e == 0 ? ecusim_received_cap(r.tag, buffer) : 0;
    if (private_gate == 0) {
        log_printf("no private gate, error %u", e);
        return 1;
    }
    unsigned label = mr[0];
    mr[0] = 41;
    e = ecusim_call(private_gate, ECUSIM_TAG(PING, 1, 0), 0, &r);
    if (e != 0) {
        log_printf("call through the private gate failed, error %u", e);
        return 1;
    }
    log_printf("private gate %u answered %u through label %u", label, mr[0], mr[1]);
    return 0;
}
