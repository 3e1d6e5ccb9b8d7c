/*
 * session-bomb: opens LOG sessions (donating 4K each) until its parent refuses, then ROM sessions of a
 * shipped module the same way (after closing the LOG ones); each session is paid for from its RAM quota, so
 * both end in ENOMEM.
 * Logs "N LOG sessions, then error E" and "N ROM sessions, then error E", exits 0.
 */
#include "ecusim/env.h"

static unsigned ids[1024];

/* Opens sessions until refused, logs how many, then closes them all, so the next bomb starts afresh. */
static void bomb(const char *service, const char *args)
{
    unsigned opened = 0;
    int error;
    for (;;) {
        unsigned cap, id;
        error = session_connect(service, args, &cap, &id);
        if (error != 0) break;
        if (opened < sizeof ids / sizeof ids[0]) ids[opened] = id;
        opened++;
    }
    log_printf("%u %s sessions, then error %d", opened, service, -error);
    for (unsigned i = 0; i < opened && i < sizeof ids / sizeof ids[0]; i++) session_close(ids[i]);
}

int main(void)
{
    log_printf("opening sessions until refused");
    bomb("LOG", "ram_quota=4K, label=\"bomb\"");
    bomb("ROM", "ram_quota=4K, label=\"counter\"");
    return 0;
}
