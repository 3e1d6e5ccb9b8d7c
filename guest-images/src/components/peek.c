/* peek: reads the word at config `address` (decimal or 0x hex, default 0) and logs it. Tests use it to
   show that a task cannot read memory it has not been given: the read faults before "peek: read". */
#include "ecusim/env.h"

int main(void)
{
    unsigned address = config_uint("address", 0);
    log("reading 0x%08x", address);
    unsigned value = *(volatile unsigned *)address;
    log("read 0x%08x", value);
    return 0;
}
