/*
 * pingpong-server: announces the service "Ping" (an IPC gate bound to its main thread) and serves
 * calls forever: request MR0 = n, reply MR0 = n + 1 and MR1 = the label of the gate the request came
 * through (two words, label 0). A request with label 2 asks for a private gate: the server allocates a new
 * gate bound to itself (labels 1001, 1002, ...) and replies with its label in MR0 and a capability to it,
 * mapped with the W right only (rights -w--; a gate can be invoked through any capability to it). Config `work` (default 0): loop iterations of busy work per request
 * before the reply, so that clients find the server busy and queue. Logs "serving" once before its first wait; IPC errors (a caller that vanished) are logged as
 * "pingpong-server: ipc error E" (at most 3 times) and the server waits again.
 */
#include "ecusim/env.h"

int main(void)
{
    unsigned gate;
    int error = gate_alloc(1, &gate);
    if (error != 0) {
        log_printf("gate_alloc failed, error %d", -error);
        return 1;
    }
    error = service_announce("Ping", gate);
    if (error != 0) {
        log_printf("announce failed, error %d", -error);
        return 1;
    }
    unsigned work = config_uint("work", 0);
    log_printf("serving");

    volatile unsigned *mr = ecusim_mr();
    volatile unsigned *br = ecusim_br();
    for (unsigned i = 0; i < ECUSIM_UTCB_BR_COUNT; i++) br[i] = 0;     /* accept no capabilities */
    unsigned flags = ECUSIM_RECV | ECUSIM_OPEN_WAIT, reply = 0, errors = 0, private_gates = 0;
    for (;;) {
        struct ecusim_result r;
        ecusim_invoke(reply, 0, flags, ECUSIM_TIMEOUT_NEVER, &r);
        if (r.error != 0) {
            if (errors++ < 3) log_printf("ipc error %u", r.error);
            flags = ECUSIM_RECV | ECUSIM_OPEN_WAIT;
            reply = 0;
            continue;
        }
        if (ECUSIM_TAG_LABEL(r.tag) == 2) {                  /* a private gate, delegated as a typed item */
            unsigned private_gate;
            unsigned label = 1001 + private_gates;
            if (gate_alloc(label, &private_gate) != 0) {
                mr[0] = 0;
                reply = ECUSIM_TAG(0, 1, 0);
            } else {
                private_gates++;
                mr[0] = label;
                ecusim_put_item(1, private_gate, ECUSIM_RIGHT_W, 0);
                reply = ECUSIM_TAG(0, 1, 1);
            }
            flags = ECUSIM_REPLY | ECUSIM_RECV | ECUSIM_OPEN_WAIT;
            for (unsigned i = 0; i < ECUSIM_UTCB_BR_COUNT; i++) br[i] = 0;
            continue;
        }
        unsigned n = ECUSIM_TAG_WORDS(r.tag) >= 1 ? mr[0] : 0;
        for (volatile unsigned i = 0; i < work; i++) { }
        mr[0] = n + 1;
        mr[1] = r.label;
        reply = ECUSIM_TAG(0, 2, 0);
        flags = ECUSIM_REPLY | ECUSIM_RECV | ECUSIM_OPEN_WAIT;
    }
}
