/*
 * memwalk: a page-touching workload for working-set, dirty-page and checkpoint experiments.
 * Config: pages (64), pattern = sequential | strided | random | hotset (sequential), stride (7, pages),
 * rounds (10), seed (1), hot (8, pages of the hot set); first (0) and span (pages - first): touch only
 * pages [first, first + span), the pattern running over the span; pause_us (0): sleep that long on the
 * Timer after each round (a working set revisited at an interval, for checkpoint experiments); per_round
 * (span): touches per round, the pattern going on from where the last round left it (so a round can
 * touch part of the span, and the next one the part after).
 * Allocates pages * 4 KiB (ram_alloc + rm_attach: page-aligned, zero-filled) and makes rounds * pages
 * touches; touch t of round r at page p reads word 0 of p, adds ((r + 1) << 16 | t) ^ p and writes it
 * back, and folds the new value and p into an FNV-1a-style checksum, which therefore also checks that
 * memory kept what was written. Page choice: sequential p = t; strided p = (t * stride) mod pages;
 * random p = xorshift32 mod pages; hotset: 9 of 10 touches (by xorshift32) in the first `hot` pages.
 * Logs "memwalk: pattern=P pages=N rounds=R checksum=0x%08x" and exits 0 (1 for bad config or no memory).
 */
#include "ecusim/env.h"

enum { SEQUENTIAL, STRIDED, RANDOM, HOTSET };

static unsigned xorshift32(unsigned *state)
{
    unsigned x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

int main(void)
{
    unsigned pages = config_uint("pages", 64);
    unsigned stride = config_uint("stride", 7);
    unsigned rounds = config_uint("rounds", 10);
    unsigned seed = config_uint("seed", 1);
    unsigned hot = config_uint("hot", 8);
    char name[16] = "sequential";
    config_string("pattern", name, sizeof name);
    int pattern;
    if (strcmp(name, "sequential") == 0) pattern = SEQUENTIAL;
    else if (strcmp(name, "strided") == 0) pattern = STRIDED;
    else if (strcmp(name, "random") == 0) pattern = RANDOM;
    else if (strcmp(name, "hotset") == 0) pattern = HOTSET;
    else {
        log_printf("unknown pattern '%s'", name);
        return 1;
    }
    if (pages == 0 || pages > 0x40000u) {
        log_printf("bad pages=%u", pages);
        return 1;
    }
    unsigned first = config_uint("first", 0);
    unsigned span = config_uint("span", first < pages ? pages - first : 0);
    unsigned pause_us = config_uint("pause_us", 0);
    unsigned per_round = config_uint("per_round", span);
    if (first >= pages || span == 0 || span > pages - first) {
        log_printf("bad first=%u span=%u for pages=%u", first, span, pages);
        return 1;
    }
    if (hot == 0) hot = 1;
    if (hot > span) hot = span;
    stride %= span;
    if (seed == 0) seed = 1;

    unsigned ds;
    int error = ram_alloc(pages * 4096u, &ds);
    if (error != 0) {
        log_printf("allocating %u pages failed, error %d", pages, -error);
        return 1;
    }
    volatile unsigned *base = rm_attach(ds, 0);
    if (base == NULL) {
        log_printf("attaching %u pages failed", pages);
        return 1;
    }

    unsigned x = seed, checksum = 0x811c9dc5u, position = 0, next = 0;
    for (unsigned r = 0; r < rounds; r++) {
        for (unsigned t = 0; t < per_round; t++) {
            unsigned p;
            switch (pattern) {
            case SEQUENTIAL:
                p = next;
                if (++next == span) next = 0;
                break;
            case STRIDED:
                p = position;
                position += stride;
                if (position >= span) position -= span;
                break;
            case RANDOM:
                p = xorshift32(&x) % span;
                break;
            default:
                if (xorshift32(&x) % 10u < 9u) p = xorshift32(&x) % hot;
                else p = xorshift32(&x) % span;
                break;
            }
            p += first;
            volatile unsigned *word = base + p * 1024u;
            unsigned value = *word + ((((r + 1u) << 16) | (t & 0xffffu)) ^ p);
            *word = value;
            checksum = (checksum ^ value) * 16777619u;
            checksum = (checksum ^ p) * 16777619u;
        }
        if (pause_us != 0) timer_sleep_us(pause_us);
    }
    log_printf("pattern=%s pages=%u rounds=%u checksum=0x%08x", name, pages, rounds, checksum);
    return 0;
}
