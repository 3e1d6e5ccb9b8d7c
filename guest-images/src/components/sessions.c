/* sessions: the parent interface as a client sees it. Opens a session of the config's service (LOG by
   default; any service init routes, e.g. one a child provides) donating 8 KiB of RAM quota, upgrades it by
   4 KiB, closes it, and logs the PD's quota after each step, so a test can check that the donations leave
   and come back; then asks for a service nobody provides (expected error 2) and for a session with more
   quota than it has (expected error 12). Exits 0. */
#include "ecusim/env.h"

static unsigned quota(void)
{
    unsigned q = 0, used = 0;
    pd_quota(&q, &used);
    return q;
}

int main(void)
{
    char service[32] = "LOG";
    config_string("service", service, sizeof service);    /* opens the config ROM session (4K) before measuring */
    log_printf("measuring the quota around a session's life");   /* and the own LOG session (4K) */
    unsigned start = quota();
    unsigned cap, id;
    int error = session_connect(service, "ram_quota=8K, label=\"extra\"", &cap, &id);
    log_printf("connect %s with 8K -> error %d, quota %u less", service, -error, start - quota());
    error = session_upgrade(id, "ram_quota=4K");
    log_printf("upgrade by 4K -> error %d, quota %u less", -error, start - quota());
    error = session_close(id);
    log_printf("close -> error %d, quota %u less", -error, start - quota());
    error = session_connect("Nonexistent", "ram_quota=0", &cap, &id);
    log_printf("connect Nonexistent -> error %d", -error);
    error = session_connect("LOG", "ram_quota=64M", &cap, &id);
    log_printf("connect LOG with 64M -> error %d", -error);
    return 0;
}
