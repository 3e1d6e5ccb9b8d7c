/* peek: reads the word at config `address` (decimal or 0x hex, default 0) and logs it; with `write`
   (a value) it stores that value there instead. With into="config" the address is an offset into its own
   config ROM, which is attached read-only. Tests use it to show that a task can neither read nor write
   memory it has not been given, nor write memory it was given read-only: the access faults before
   "read"/"wrote" is logged. */
#include "ecusim/env.h"

int main(void)
{
    unsigned address = config_uint("address", 0);
    char into[16];
    if (config_string("into", into, sizeof into) > 0 && strcmp(into, "config") == 0) {
        address += (unsigned)config_rom(NULL);
    }
    char value_text[16];
    if (config_string("write", value_text, sizeof value_text) > 0) {
        unsigned value = config_uint("write", 0);
        log_printf("writing 0x%08x to 0x%08x", value, address);
        *(volatile unsigned *)address = value;
        log_printf("wrote 0x%08x", value);
        return 0;
    }
    log_printf("reading 0x%08x", address);
    unsigned value = *(volatile unsigned *)address;
    log_printf("read 0x%08x", value);
    return 0;
}
