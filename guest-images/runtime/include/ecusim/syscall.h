/*
 * The component runtime's system-call layer: the invoke system call, UTCB access, message-register
 * helpers (strings, typed items), the capability-selector allocator and the call helper that the
 * Genode-like API in ecusim/env.h is built on. Components may use it directly for what env.h does not
 * cover (servers: see pingpong-server.c).
 */
#ifndef ECUSIM_SYSCALL_H
#define ECUSIM_SYSCALL_H

#include "ecusim/abi.h"

/* What invoke returns: r0, r1, r2. */
struct ecusim_result {
    unsigned tag;       /* r0: tag of the received message, 0 if nothing was received */
    unsigned error;     /* r1: ECUSIM_E* of the IPC / kernel operation, 0 = ok */
    unsigned label;     /* r2: label of the gate or IRQ the message came through, 0 for a reply */
};

/*
 * invoke: svc #0 with r0-r3 in (tag, selector, flags, timeout) and r0-r2 out. r3 is declared as
 * clobbered as well (the ABI does not promise to preserve it). The "memory" clobber makes gcc write
 * the message registers it set up before the svc and read the UTCB afresh after it (the kernel writes
 * the UTCB). Returns r1, the error code. out may be NULL.
 */
static inline unsigned ecusim_invoke(unsigned tag, unsigned selector, unsigned flags, unsigned timeout,
                                     struct ecusim_result *out)
{
    register unsigned r0 __asm__("r0") = tag;
    register unsigned r1 __asm__("r1") = selector;
    register unsigned r2 __asm__("r2") = flags;
    register unsigned r3 __asm__("r3") = timeout;
    __asm__ volatile("svc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory", "cc");
    if (out) {
        out->tag = r0;
        out->error = r1;
        out->label = r2;
    }
    return r1;
}

/* The calling thread's UTCB (TPIDRURO). The address never changes for a thread. */
static inline volatile unsigned *ecusim_utcb(void)
{
    unsigned address;
    __asm__("mrc p15, 0, %0, c13, c0, 3" : "=r"(address));
    return (volatile unsigned *)address;
}

/* Message registers MR[0..62] and buffer registers BR[0..]. */
static inline volatile unsigned *ecusim_mr(void) { return ecusim_utcb() + ECUSIM_UTCB_MR / 4; }
static inline volatile unsigned *ecusim_br(void) { return ecusim_utcb() + ECUSIM_UTCB_BR / 4; }

/* Words a string of `length` bytes takes in the MRs: the length word plus the bytes, padded. */
#define ECUSIM_STRING_WORDS(length) (1u + ((unsigned)(length) + 3u) / 4u)

/*
 * Puts the string s (at most ECUSIM_STRING_MAX bytes of it; longer is truncated; no terminating NUL
 * is sent) at MR[index]. Returns the index after it, or -1 if it does not fit into the 63 MRs.
 */
int ecusim_put_string(unsigned index, const char *s);
/* Same with an explicit length (the bytes need not be NUL-terminated). */
int ecusim_put_bytes(unsigned index, const char *bytes, unsigned length);
/*
 * Reads a string at MR[index] of a message of `words` untyped words into out (NUL-terminated, truncated
 * to out_size - 1 bytes). Returns the index after it, or -1 if the message is too short for it.
 */
int ecusim_get_string(unsigned index, unsigned words, char *out, unsigned out_size);
/* Puts a typed send item (two words) at MR[index]: map (grant = 0) or grant of selector with rights. */
void ecusim_put_item(unsigned index, unsigned selector, unsigned rights, int grant);

/*
 * Capability selectors: lowest free one from ECUSIM_CAP_FIRST_FREE up to ECUSIM_CAP_COUNT - 1.
 * ecusim_cap_alloc returns 0 when the capability space is full.
 */
unsigned ecusim_cap_alloc(void);
void ecusim_cap_free(unsigned selector);
unsigned ecusim_cap_free_count(void);
/* Removes the capability at selector from the own task (TASK_UNMAP, errors ignored) and frees the selector. */
void ecusim_cap_drop(unsigned selector);

/*
 * A call (SEND|RECV, no timeout) to selector with the message already in the MRs. BR[0] = buffer (a
 * selector for a capability the reply may carry, 0 = none), BR[1..3] = 0. Returns 0 on success, else a
 * positive ECUSIM_E* code: r1 if the IPC failed, else the result code the server put into the reply's
 * label (servers reply with label 0 on success and -E, or E, on failure). *out gets the raw result.
 */
unsigned ecusim_call(unsigned selector, unsigned tag, unsigned buffer, struct ecusim_result *out);

/*
 * The selector of the capability a successful reply carried into `buffer`: buffer itself if the reply
 * has no typed item (the capability was installed at BR[0]), 0 if its item word says nothing was installed.
 */
unsigned ecusim_received_cap(unsigned reply_tag, unsigned buffer);

#endif
