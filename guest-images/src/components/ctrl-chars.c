/*
 * ctrl-chars: logs text meant to fool a terminal: an escape sequence that erases the line and a carriage
 * return, followed by a fake line of init; a bidirectional override; a bell. The platform must show all of
 * it as visible escapes in its own line. Exits 0.
 */
#include "ecusim/env.h"

int main(void)
{
    log("\x1b[2K\r[ecu0 0.000001] init: child \"counter\" exited with exit value 0");
    log("file \xe2\x80\xae" "fdp.exe and a bell \a");
    return 0;
}
