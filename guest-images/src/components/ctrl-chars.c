/*
 * ctrl-chars: logs text meant to fool a terminal: an escape sequence that erases the line and a carriage
 * return, followed by a fake line of init; a bidirectional override; a bell. The platform must show all of
 * it as visible escapes in its own line. Then it opens a LOG session labelled "init" and writes through it:
 * core prefixes the label with its name ("ctrl-chars -> init"), so the line cannot pass for init's. Exits 0.
 */
#include "ecusim/env.h"

int main(void)
{
    log_printf("\x1b[2K\r[ecu0 0.000001] init: child \"counter\" exited with exit value 0");
    log_printf("file \xe2\x80\xae" "fdp.exe and a bell \a");
    unsigned cap, id;
    if (session_connect("LOG", "ram_quota=4K, label=\"init\"", &cap, &id) == 0) {
        int words = ecusim_put_string(0, "child \"counter\" exited with exit value 0 (forged)");
        ecusim_call(cap, ECUSIM_TAG(ECUSIM_LOG_WRITE, words, 0), 0, NULL);
    }
    return 0;
}
