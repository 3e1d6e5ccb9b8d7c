/*
 * The heap (ecusim/env.h): a first-fit allocator over an address-ordered free list, coalescing
 * neighbours on free. Every block starts with an 8-byte header (its size including the header);
 * payloads are 8-byte aligned. The heap grows by ram_alloc + rm_attach in chunks of at least 64 KiB
 * and never gives memory back to the PD. Deterministic: the same sequence of calls gives the same
 * addresses, given the same attach addresses from core.
 */
#include "ecusim/env.h"

#define HEADER          8u
#define MIN_BLOCK       16u
#define CHUNK           (64u * 1024u)
#define PAGE            4096u
#define ALLOCATED       0x414c4c43u             /* "ALLC" in an allocated block's second header word */

struct block {
    unsigned size;                              /* bytes including the header */
    struct block *next;                         /* free list (free blocks), or ALLOCATED */
};

static struct block *free_list;                 /* ascending addresses */

/* Inserts b into the free list, merging it with adjacent free blocks. */
static void insert(struct block *b)
{
    struct block *prev = NULL, *cur = free_list;
    while (cur && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    if (cur && (char *)b + b->size == (char *)cur) {
        b->size += cur->size;
        b->next = cur->next;
    } else {
        b->next = cur;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    } else if (prev) {
        prev->next = b;
    } else {
        free_list = b;
    }
}

static int grow(unsigned need)
{
    if (need > 0xffffffffu - PAGE) return 0;
    unsigned bytes = (need + PAGE - 1) & ~(PAGE - 1);
    if (bytes < CHUNK) bytes = CHUNK;
    unsigned ds;
    if (ram_alloc(bytes, &ds) != 0) return 0;
    struct block *b = rm_attach(ds, 0);
    if (b == NULL) {
        ram_free(ds);
        return 0;
    }
    b->size = bytes;
    insert(b);
    return 1;
}

void *malloc(size_t size)
{
    if (size == 0) size = 1;
    if (size > 0x7fffffffu) return NULL;
    unsigned need = ((unsigned)size + HEADER + 7u) & ~7u;
    if (need < MIN_BLOCK) need = MIN_BLOCK;
    for (int attempt = 0; attempt < 2; attempt++) {
        struct block *prev = NULL;
        for (struct block *b = free_list; b; prev = b, b = b->next) {
            if (b->size < need) continue;
            struct block *next = b->next;
            if (b->size - need >= MIN_BLOCK) {  /* split: the rest stays free */
                struct block *rest = (struct block *)((char *)b + need);
                rest->size = b->size - need;
                rest->next = next;
                next = rest;
                b->size = need;
            }
            if (prev) prev->next = next;
            else free_list = next;
            b->next = (struct block *)ALLOCATED;
            return (char *)b + HEADER;
        }
        if (attempt == 0 && !grow(need)) return NULL;
    }
    return NULL;
}

void free(void *p)
{
    if (p == NULL) return;
    struct block *b = (struct block *)((char *)p - HEADER);
    if (b->next != (struct block *)ALLOCATED) return;   /* not ours, or freed twice: ignore */
    insert(b);
}

void *calloc(size_t count, size_t size)
{
    if (size != 0 && count > 0xffffffffu / size) return NULL;
    void *p = malloc(count * size);
    if (p) memset(p, 0, count * size);
    return p;
}

void *realloc(void *p, size_t size)
{
    if (p == NULL) return malloc(size);
    if (size == 0) {
        free(p);
        return NULL;
    }
    struct block *b = (struct block *)((char *)p - HEADER);
    unsigned capacity = b->size - HEADER;
    if (size <= capacity) return p;
    void *q = malloc(size);
    if (q == NULL) return NULL;
    memcpy(q, p, capacity);
    free(p);
    return q;
}
