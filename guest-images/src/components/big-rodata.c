/*
 * big-rodata: an image with a 32 MiB read-only segment (zero-filled, so the file stays small). Loading it
 * copies the segment into RAM the component's quota pays for; under a small quota it is refused before it
 * runs. If it ever runs, it logs one byte of the segment.
 */
#include "ecusim/env.h"

__attribute__((section(".robomb"))) static const volatile char bomb[32u << 20];

int main(void)
{
    log_printf("running with a %u byte read-only segment: %d", (unsigned)sizeof bomb, bomb[12345]);
    return 0;
}
