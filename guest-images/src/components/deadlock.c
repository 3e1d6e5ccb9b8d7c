/*
 * deadlock: asks its parent for a session of the service named by the config's "need" before announcing
 * the one it provides ("provide"). Two of them, each needing what the other provides, wait for each other
 * forever: init holds both requests until the server announces, which it never does. The kernel reports it.
 */
#include "ecusim/env.h"

int main(void)
{
    char need[32], provide[32];
    if (config_string("need", need, sizeof need) < 0 || config_string("provide", provide, sizeof provide) < 0) return 1;
    log_printf("needs %s before it provides %s", need, provide);
    unsigned cap, gate;
    int error = session_connect(need, "ram_quota=4K", &cap, NULL);
    log_printf("session to %s: error %d", need, -error);
    if (gate_alloc(1, &gate) == 0) service_announce(provide, gate);
    return 0;
}
