/*
 * selfmod: code that changes itself, in a RAM dataspace attached read-write-execute at 0x60000000 (with
 * config mode="reuse", the dataspace is freed and a new one attached in its place before the rewrite).
 *   1. Thumb v1 (add.w r0, #1 twice; bx lr) called ten times: logs "v1 sum 65".
 *   2. Rewritten in place as Thumb v2 (adds r0, #1; ldr r3, [r0]; adds r0, #1 twice; bx lr), called on a
 *      readable address: logs "v2 returned 0x...". The old translation, counts and decodes must not be used.
 *   3. ARM code "ldr r0, [r0]; bx lr" reads a fresh page, then is rewritten as "ldr r0, [r1]" and reads another
 *      fresh page: logs "arm v1 read 0" and "arm v2 read 0" (the second page fault is resolved by core).
 *   4. ARM code that stores into its own page the instruction it runs next: logs "own page 7" (1 if the
 *      stale instruction ran).
 *   5. v2 called on an unmapped address: the load faults and stops the component (never "survived").
 */
#include "ecusim/env.h"

#define AT 0x60000000u

/* RM_ATTACH with the executable flag, which rm_attach does not offer. */
static void *attach_executable(unsigned ds, unsigned at)
{
    volatile unsigned *mr = ecusim_mr();
    mr[0] = at;
    mr[1] = 1;
    ecusim_put_item(2, ds, ECUSIM_RIGHTS_ALL, 0);
    if (ecusim_call(ECUSIM_CAP_RM, ECUSIM_TAG(ECUSIM_RM_ATTACH, 2, 1), 0, NULL) != 0) return 0;
    return (void *)mr[0];
}

typedef unsigned (*thumb_fn)(unsigned);
typedef unsigned (*arm_fn)(unsigned, unsigned);

static const unsigned short v1[] = {0xF100, 0x0001, 0xF100, 0x0001, 0x4770};
static const unsigned short v2[] = {0x3001, 0x6803, 0x3001, 0x3001, 0x4770};

int main(void)
{
    char mode[8] = "";
    config_string("mode", mode, sizeof mode);
    unsigned ds, d1, d2;
    if (ram_alloc(4096, &ds) != 0) return 1;
    volatile unsigned short *code = attach_executable(ds, AT);
    if (!code) {
        log_printf("attach failed");
        return 1;
    }
    for (int i = 0; i < 5; i++) code[i] = v1[i];
    thumb_fn f = (thumb_fn)(AT | 1);
    unsigned sum = 0;
    for (unsigned i = 0; i < 10; i++) sum += f(i);
    log_printf("v1 sum %u", sum);
    if (!strcmp(mode, "reuse")) {
        rm_detach((void *)AT);
        ram_free(ds);
        if (ram_alloc(4096, &ds) != 0) return 1;
        code = attach_executable(ds, AT);
    }
    for (int i = 0; i < 5; i++) code[i] = v2[i];
    log_printf("v2 returned 0x%x", f(0x10000 - 1));       /* reads the word at 0x10000, the image's first */

    if (ram_alloc(4096, &d1) != 0 || ram_alloc(4096, &d2) != 0) return 1;
    volatile unsigned *p1 = rm_attach(d1, 0x61000000u), *p2 = rm_attach(d2, 0x62000000u);
    volatile unsigned *arm = (volatile unsigned *)(AT + 0x100);
    arm[0] = 0xE5900000;                            /* ldr r0, [r0] */
    arm[1] = 0xE12FFF1E;                            /* bx lr */
    arm_fn g = (arm_fn)(AT + 0x100);
    log_printf("arm v1 read %u", g((unsigned)p1, 0));
    arm[0] = 0xE5910000;                            /* ldr r0, [r1] */
    log_printf("arm v2 read %u", g((unsigned)p1, (unsigned)p2));

    volatile unsigned *own = (volatile unsigned *)(AT + 0x200);
    own[0] = 0xE5801008;                            /* str r1, [r0, #8] */
    own[1] = 0xE1A00000;                            /* nop */
    own[2] = 0xE3A00001;                            /* mov r0, #1: replaced by the store above */
    own[3] = 0xE12FFF1E;                            /* bx lr */
    log_printf("own page %u", ((arm_fn)(AT + 0x200))(AT + 0x200, 0xE3A00007)); /* mov r0, #7 */

    f(0x10 - 1);                                    /* ldr r3, [0x10]: unmapped */
    log_printf("survived");
    return 0;
}
