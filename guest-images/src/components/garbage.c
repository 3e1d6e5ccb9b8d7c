/*
 * garbage: invokes with random registers and random message contents, from a seeded generator (config
 * "seed", "rounds"): random tags (labels near the real opcodes, any word and item counts), selectors (its
 * own capabilities, freshly allocated ones, out of range), flags, short timeouts, MRs that sometimes look
 * like strings, and random receive buffers. Nothing it does may harm the platform or its siblings; it may
 * well harm itself (unmap its own capabilities, detach its own stack). If it gets through, it logs
 * "survived N invokes", then tries a system call the kernel does not have (svc #7), which stops it.
 */
#include "ecusim/env.h"

static unsigned state;

static unsigned rnd(void)
{
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

static unsigned pick_selector(void)
{
    switch (rnd() % 4) {
    case 0: return 1 + rnd() % 6;                  /* its own task, thread, parent, PD, RM, CPU */
    case 1: return ECUSIM_CAP_FIRST_FREE + rnd() % 32;
    case 2: return rnd() % ECUSIM_CAP_COUNT;
    default: return rnd();
    }
}

int main(void)
{
    state = config_uint("seed", 1) | 1u;
    unsigned rounds = config_uint("rounds", 1000);
    log_printf("%u invokes of garbage, seed %u", rounds, state);
    unsigned done;
    for (done = 0; done < rounds; done++) {
        volatile unsigned *mr = ecusim_mr(), *br = ecusim_br();
        for (unsigned i = 0; i < ECUSIM_UTCB_MR_COUNT; i++) {
            unsigned r = rnd();
            mr[i] = (r & 3) == 0 ? r % 220 : (r & 3) == 1 ? r % 8 : r;   /* string lengths, small values, anything */
        }
        for (unsigned i = 0; i < ECUSIM_UTCB_BR_COUNT; i++) br[i] = rnd() % 3 == 0 ? 0 : pick_selector();
        unsigned label = rnd() % 4 == 0 ? rnd() : rnd() % 8;
        unsigned tag = ECUSIM_TAG(label, rnd() % 64, rnd() % 8 == 0 ? rnd() % 64 : rnd() % 3);
        unsigned selector = pick_selector();
        unsigned flags = rnd() & 0xf;
        unsigned timeout = rnd() % 2 == 0 ? 0 : rnd() % 100;
        if (selector == ECUSIM_CAP_PARENT && ECUSIM_TAG_LABEL(tag) == ECUSIM_PARENT_EXIT) continue;
        if (selector == ECUSIM_CAP_THREAD && mr[0] == ECUSIM_THREAD_EX_REGS) continue; /* would jump anywhere */
        ecusim_invoke(tag, selector, flags, timeout, NULL);
    }
    log_printf("survived %u invokes", done);
    __asm__ volatile("svc #7" : : : "memory");
    log_printf("svc #7 returned");
    return 0;
}
