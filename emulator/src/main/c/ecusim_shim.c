/*
 * ecusim instruction-accounting shim.
 *
 * Unicorn calls these hooks from its translated code. Counting in Java would
 * cost an FFM upcall (~48 ns) per block; here a block re-entered in a loop costs
 * one key compare and two adds, any other block one hash lookup.
 *
 * Counting model: the architectural instruction count of a translated block is
 * derived from its bytes (ARM: size/4; Thumb: decoded 16/32-bit lengths), so
 * condition-failed instructions inside Thumb IT blocks are counted, unlike
 * Unicorn's own UC_HOOK_CODE or uc_emu_start(count). Cycles per block come from
 * the host: the first time a block is about to run, the hook enters it into the
 * table and stops before it executes; Java prices it once with Capstone and
 * resumes, and from then on the block is counted here without leaving C.
 *
 * Budgets: a block that would take the count past `budget`, or the cycles past
 * `cycle_budget`, is refused: the hook calls uc_emu_stop, which (measured on
 * Unicorn 2.1.1) stops before the block executes. The host then runs the first
 * k instructions of that straight-line block with an `until` address, which is
 * exact also for IT blocks (see ArmCpu.finishInsideBlock).
 *
 * The host owns all memory (an FFM arena); this file only reads and writes it.
 * No Unicorn header is needed: uc_emu_stop and uc_reg_read arrive as pointers.
 */
#include <stdint.h>
#include <stddef.h>

#define STOP_NONE 0
#define STOP_BUDGET 1
#define STOP_EXCEPTION 2
#define STOP_TABLE_FULL 3
#define STOP_NEW_BLOCK 4

#define ENTRY_EMPTY 0
#define ENTRY_NEW 1   /* entered into the table, not yet priced by the host */
#define ENTRY_KNOWN 2 /* priced: counted on every execution */

#define UC_ARM_REG_CPSR 3
#define CPSR_T (1u << 5)

typedef int (*uc_emu_stop_fn)(void *uc);
typedef int (*uc_reg_read_fn)(void *uc, int regid, void *value);

/* 32 bytes; layout mirrored by ecusim.emulator.cpu.Accounting. */
typedef struct {
    uint32_t va;
    uint32_t asid;
    uint32_t size;
    uint32_t insns;
    uint32_t cycles;
    uint32_t flags; /* bits 0-7 state, bit 8 thumb, bit 9 may write VFP or system registers (host-set) */
    uint64_t reserved;
} block_entry;

/* Layout mirrored by ecusim.emulator.cpu.Accounting (offsets in comments). */
typedef struct {
    uint64_t insns;          /*   0 architectural instructions in blocks entered */
    uint64_t cycles;         /*   8 cycles of KNOWN blocks entered */
    uint64_t mem;            /*  16 ecusim_memory* (cache model, access trace) or 0 */
    uint64_t budget;         /*  24 refuse a block that would take insns past this */
    uint32_t stop_reason;    /*  32 */
    uint32_t intno;          /*  36 last exception number */
    uint32_t last_va;        /*  40 last block entered */
    uint32_t last_entry;     /*  44 its table index */
    uint32_t refused_va;     /*  48 block refused by the budget */
    uint32_t refused_size;   /*  52 */
    uint32_t refused_thumb;  /*  56 */
    uint32_t asid;           /*  60 current address-space key (host-set) */
    uint32_t mmu_on;         /*  64 host-set: translate VA through ttbr0 */
    uint32_t ttbr0;          /*  68 host-set: L1 table physical base */
    uint64_t ram_host;       /*  72 host pointer to physical RAM */
    uint32_t ram_base;       /*  80 physical base of RAM */
    uint32_t ram_size;       /*  84 */
    uint64_t uc;             /*  88 uc_engine* */
    uint64_t emu_stop;       /*  96 uc_emu_stop */
    uint64_t reg_read;       /* 104 uc_reg_read */
    uint32_t table_mask;     /* 112 capacity - 1, capacity a power of two */
    uint32_t new_count;      /* 116 entries appended to new_list since the host drained it */
    uint32_t new_capacity;   /* 120 */
    uint32_t used;           /* 124 entries in use */
    uint64_t table;          /* 128 block_entry[capacity + 1]; the last one is a dummy that matches nothing */
    uint64_t new_list;       /* 136 uint32_t[new_capacity] */
    uint64_t cycle_budget;   /* 144 refuse a block that would take cycles past this */
    uint64_t direct;         /* 152 uint32_t[direct_mask + 1]: table index of a KNOWN block per slot, or the dummy */
    uint32_t direct_mask;    /* 160 slots - 1, a power of two */
    uint32_t touched;        /* 164 OR of the flags of the KNOWN blocks entered since the host cleared it */
} ecusim_accounting;

/* Physical address for a virtual one, or -1 (host pages are 4 KiB, short descriptors). */
static int64_t translate(const ecusim_accounting *a, uint32_t va) {
    if (!a->mmu_on) return va;
    uint32_t l1_pa = (a->ttbr0 & 0xFFFFC000u) + ((va >> 20) << 2);
    if (l1_pa - a->ram_base > a->ram_size - 4) return -1;
    uint32_t l1 = *(const uint32_t *)(uintptr_t)(a->ram_host + (l1_pa - a->ram_base));
    switch (l1 & 3) {
    case 1: { /* page table */
        uint32_t l2_pa = (l1 & 0xFFFFFC00u) + (((va >> 12) & 0xFF) << 2);
        if (l2_pa - a->ram_base > a->ram_size - 4) return -1;
        uint32_t l2 = *(const uint32_t *)(uintptr_t)(a->ram_host + (l2_pa - a->ram_base));
        if (l2 & 2) return (l2 & 0xFFFFF000u) | (va & 0xFFF);          /* small page */
        if (l2 & 1) return (l2 & 0xFFFF0000u) | (va & 0xFFFF);         /* large page */
        return -1;
    }
    case 2:
        if (l1 & (1u << 18)) return (l1 & 0xFF000000u) | (va & 0xFFFFFF); /* supersection */
        return (l1 & 0xFFF00000u) | (va & 0xFFFFF);                        /* section */
    default:
        return -1;
    }
}

static int read_halfword(const ecusim_accounting *a, uint32_t va, uint32_t *out) {
    int64_t pa = translate(a, va);
    if (pa < 0 || (uint32_t)pa - a->ram_base > a->ram_size - 2) return 0;
    *out = *(const uint16_t *)(uintptr_t)(a->ram_host + ((uint32_t)pa - a->ram_base));
    return 1;
}

/* Architectural instructions in a Thumb block: 32-bit iff bits [15:11] of the first halfword >= 0b11101. */
static uint32_t thumb_insns(const ecusim_accounting *a, uint32_t va, uint32_t size) {
    uint32_t n = 0, off = 0;
    while (off < size) {
        uint32_t hw;
        if (!read_halfword(a, va + off, &hw)) return n + (size - off + 1) / 2; /* cannot happen for code being run */
        off += ((hw >> 11) >= 0x1D) ? 4 : 2;
        n++;
    }
    return n;
}

static inline uint32_t hash(uint32_t va, uint32_t size, uint32_t asid) {
    uint32_t h = va * 0x9E3779B1u ^ (size * 0x85EBCA77u) ^ (asid * 0xC2B2AE3Du);
    return h ^ (h >> 15);
}

/* Direct-mapped slot of a block: code addresses are 2-aligned, address spaces often share them. */
static inline uint32_t slot(uint32_t va, uint32_t asid, uint32_t mask) {
    return ((va >> 1) ^ (asid * 0x9E3779B1u >> 20)) & mask;
}

#define MEM_CODE_HOOKED 4u   /* ecusim_memory.enabled: the tracing code hook is attached */
#define MEM_STOP_DEFERRED 8u /* ecusim_memory.enabled: a stop waits for the next code hook */

static inline void stop(ecusim_accounting *a, uint32_t reason) {
    a->stop_reason = reason;
    /*
     * With a code hook attached, Unicorn 2.1 does not take a stop asked for in the block hook before the block
     * runs (it skips the code hooks once a stop is pending and exits at the block's end). Asked for from the
     * code hook of the block's first instruction instead, it is taken before that instruction: the traced run
     * stops where an untraced one does. ecusim_memory.enabled is its first word.
     */
    if (a->mem != 0 && reason != STOP_EXCEPTION && (*(uint32_t *)(uintptr_t)a->mem & MEM_CODE_HOOKED)) {
        *(uint32_t *)(uintptr_t)a->mem |= MEM_STOP_DEFERRED;
        return;
    }
    ((uc_emu_stop_fn)(uintptr_t)a->emu_stop)((void *)(uintptr_t)a->uc);
}

static void refuse(ecusim_accounting *a, uint32_t va, uint32_t size, const block_entry *e) {
    a->refused_va = va;
    a->refused_size = size;
    a->refused_thumb = (e->flags >> 8) & 1;
    stop(a, STOP_BUDGET);
}

static void fetch_lines(ecusim_accounting *a, uint32_t va, uint32_t size);

/* Looks a block up (or enters it) and counts it; kept out of line so the fast path needs no stack frame. */
static __attribute__((noinline)) void slow_path(void *uc, uint32_t va, uint32_t size, ecusim_accounting *a) {
    block_entry *table = (block_entry *)(uintptr_t)a->table;
    uint32_t asid = a->asid;
    block_entry *e;
    uint32_t mask = a->table_mask;
    uint32_t i = hash(va, size, asid) & mask;
    for (;;) {
        e = &table[i];
        uint32_t state = e->flags & 0xFF;
        if (state == ENTRY_EMPTY) {
            /* Keep the table at most 3/4 full and the host's new-list bounded; the host drains both. */
            if (a->used >= (mask + 1) / 4 * 3 || a->new_count >= a->new_capacity) {
                a->refused_va = va;
                stop(a, STOP_TABLE_FULL);
                return;
            }
            uint32_t cpsr = 0;
            ((uc_reg_read_fn)(uintptr_t)a->reg_read)(uc, UC_ARM_REG_CPSR, &cpsr);
            uint32_t thumb = (cpsr & CPSR_T) != 0;
            e->va = va;
            e->asid = asid;
            e->size = size;
            e->insns = thumb ? thumb_insns(a, va, size) : size / 4;
            e->cycles = 0;
            e->flags = ENTRY_NEW | (thumb << 8);
            a->used++;
            ((uint32_t *)(uintptr_t)a->new_list)[a->new_count++] = i;
            a->refused_va = va;
            stop(a, STOP_NEW_BLOCK); /* the block has not run; the host prices it and resumes */
            return;
        }
        if (e->va == va && e->size == size && e->asid == asid) break;
        i = (i + 1) & mask;
    }
    if ((e->flags & 0xFF) != ENTRY_KNOWN) { /* entered but not priced: the host drains before every resume */
        a->refused_va = va;
        stop(a, STOP_NEW_BLOCK);
        return;
    }
    if (a->insns + e->insns > a->budget || a->cycles + e->cycles > a->cycle_budget) {
        refuse(a, va, size, e);
        return;
    }
    a->insns += e->insns;
    a->cycles += e->cycles;
    a->touched |= e->flags;
    a->last_va = va;
    a->last_entry = i;
    ((uint32_t *)(uintptr_t)a->direct)[slot(va, asid, a->direct_mask)] = i; /* KNOWN: the next entry hits */
    if (a->mem != 0) fetch_lines(a, va, size);
}

/*
 * Optional memory side (host-enabled, off by default): a model of the Cortex-A9's caches and a trace of data
 * accesses. The caches are physically indexed and tagged, set-associative with LRU replacement (ways kept in
 * MRU-first order), 32-byte lines: L1 I and L1 D in front of a unified L2. A block entered fetches its lines
 * through L1 I; each data access (a UC_HOOK_MEM_READ/WRITE callback) goes through L1 D; an L1 miss costs
 * l1_miss_cycles and looks in L2, an L2 miss costs l2_miss_cycles more; the cycles are added to the running
 * total, so a flush's refills emerge from the workload. The trace appends one record per data access.
 */
#define MEM_CACHE 1u
#define MEM_TRACE 2u
#define MEM_TRACE_INSNS 16u  /* the trace also records every executed instruction (kind 2) */

typedef struct {
    uint32_t sets, ways;     /* sets a power of two */
    uint64_t tags;           /* uint32_t[sets * ways]: line number + 1 (0: invalid), MRU first */
    uint64_t misses;
} cache_level;                /* 24 bytes */

typedef struct {
    uint32_t enabled;        /*   0 MEM_CACHE | MEM_TRACE | MEM_CODE_HOOKED | MEM_STOP_DEFERRED | MEM_TRACE_INSNS */
    uint32_t l1_miss_cycles; /*   4 */
    uint32_t l2_miss_cycles; /*   8 */
    uint32_t pc;             /*  12 the instruction being executed (set by the code hook while tracing) */
    cache_level l1i;         /*  16 */
    cache_level l1d;         /*  40 */
    cache_level l2;          /*  64 */
    uint64_t accesses;       /*  88 data accesses seen */
    uint64_t trace;          /*  96 trace_record[trace_capacity] */
    uint32_t trace_capacity; /* 104 */
    uint32_t trace_count;    /* 108 */
    uint64_t trace_dropped;  /* 112 records that did not fit (the host drains after every run) */
} ecusim_memory;             /* 120 bytes */

/* 24 bytes: the instructions retired before the accessing one (exact: IT-block slots count), the block's
 * address, the access's physical address, its instruction's address, size and kind (0 read, 1 write). */
typedef struct {
    uint64_t insns;
    uint32_t block_va;
    uint32_t address;
    uint32_t pc;
    uint16_t size;
    uint16_t write;
} trace_record;

/* Looks line `line` up in `c`, making it MRU; returns 1 on a hit, 0 on a miss (the line is filled). */
static int cache_access(cache_level *c, uint32_t line) {
    uint32_t *set = (uint32_t *)(uintptr_t)c->tags + (line & (c->sets - 1)) * c->ways;
    uint32_t key = line + 1, w;
    for (w = 0; w < c->ways; w++) if (set[w] == key) break;
    int hit = w < c->ways;
    if (!hit) {
        w = c->ways - 1; /* the LRU way goes */
        c->misses++;
    }
    for (; w > 0; w--) set[w] = set[w - 1];
    set[0] = key;
    return hit;
}

/* `physical`: Unicorn hands data accesses to the hook with physical addresses; fetches are virtual. */
static void cache_line(ecusim_accounting *a, ecusim_memory *m, cache_level *l1, uint32_t address, int physical) {
    int64_t pa = physical ? address : translate(a, address);
    uint32_t line = (uint32_t)((pa < 0 ? address : (uint32_t)pa) >> 5);
    if (cache_access(l1, line)) return;
    a->cycles += m->l1_miss_cycles;
    if (!cache_access(&m->l2, line)) a->cycles += m->l2_miss_cycles;
}

static __attribute__((noinline)) void fetch_lines(ecusim_accounting *a, uint32_t va, uint32_t size) {
    ecusim_memory *m = (ecusim_memory *)(uintptr_t)a->mem;
    if (!(m->enabled & MEM_CACHE) || size == 0) return;
    for (uint32_t line = va >> 5, last = (va + size - 1) >> 5; line <= last; line++) cache_line(a, m, &m->l1i, line << 5, 0);
}

void ecusim_mem_hook(void *uc, int type, uint64_t address, int size, int64_t value, void *user_data) {
    ecusim_accounting *a = user_data;
    ecusim_memory *m = (ecusim_memory *)(uintptr_t)a->mem;
    uint32_t va = (uint32_t)address;
    m->accesses++;
    if (m->enabled & MEM_CACHE) {
        cache_line(a, m, &m->l1d, va, 1);
        if (size > 1 && ((va & 31) + (uint32_t)size) > 32) cache_line(a, m, &m->l1d, va + (uint32_t)size - 1, 1);
    }
    if (m->enabled & MEM_TRACE) {
        if (m->trace_count >= m->trace_capacity) {
            m->trace_dropped++;
            return;
        }
        uint32_t pc = m->pc; /* Unicorn does not bring the PC register up to date for memory hooks */
        const block_entry *e = &((const block_entry *)(uintptr_t)a->table)[a->last_entry];
        uint32_t offset = pc - a->last_va; /* the block counted whole at entry: step back to this instruction */
        uint32_t before = (e->flags & (1u << 8)) ? thumb_insns(a, a->last_va, offset) : offset / 4;
        trace_record *r = (trace_record *)(uintptr_t)m->trace + m->trace_count++;
        r->insns = a->insns - e->insns + before;
        r->block_va = a->last_va;
        r->address = va;
        r->pc = pc;
        r->size = (uint16_t)size;
        r->write = type == 17 /* UC_MEM_WRITE */;
    }
    (void)value;
}

/* While tracing: notes the instruction about to execute, for the data accesses it makes. */
void ecusim_code_hook(void *uc, uint64_t address, uint32_t size, void *user_data) {
    ecusim_accounting *a = user_data;
    ecusim_memory *m = (ecusim_memory *)(uintptr_t)a->mem;
    if (__builtin_expect(m->enabled & MEM_STOP_DEFERRED, 0)) { /* see stop(): before this instruction runs */
        m->enabled &= ~MEM_STOP_DEFERRED;
        ((uc_emu_stop_fn)(uintptr_t)a->emu_stop)(uc);
        return;
    }
    m->pc = (uint32_t)address;
    if (m->enabled & MEM_TRACE_INSNS) { /* an executed instruction: condition-failed IT-block slots never come here */
        if (m->trace_count >= m->trace_capacity) {
            m->trace_dropped++;
            return;
        }
        const block_entry *e = &((const block_entry *)(uintptr_t)a->table)[a->last_entry];
        uint32_t pc = (uint32_t)address, offset = pc - a->last_va;
        int thumb = (e->flags >> 8) & 1;
        trace_record *r = (trace_record *)(uintptr_t)m->trace + m->trace_count++;
        r->insns = a->insns - e->insns + (thumb ? thumb_insns(a, a->last_va, offset) : offset / 4);
        r->block_va = a->last_va;
        r->address = (uint32_t)thumb;
        r->pc = pc;
        r->size = (uint16_t)size;
        r->write = 2;
    }
}

void ecusim_block_hook(void *uc, uint64_t address, uint32_t size, void *user_data) {
    ecusim_accounting *a = user_data;
    uint32_t va = (uint32_t)address, asid = a->asid;
    /*
     * Fast path: the block's direct-mapped slot names its table entry, KNOWN when it was put there (the
     * host resets every slot whenever it removes entries). (va, asid) is compared as one word. Real code
     * runs short blocks in turn rather than one loop block, so this path must not depend on the last block:
     * on the ecuload workload it took the shim from about 24 % of host time (hash probe per block) to
     * about 8 %.
     */
    uint32_t i = ((const uint32_t *)(uintptr_t)a->direct)[slot(va, asid, a->direct_mask)];
    const block_entry *e = &((const block_entry *)(uintptr_t)a->table)[i];
    uint64_t key = (uint64_t)va | (uint64_t)asid << 32;
    if (__builtin_expect(*(const uint64_t *)e == key && e->size == size, 1)) {
        uint64_t n = a->insns + e->insns, c = a->cycles + e->cycles;
        if (__builtin_expect(n > a->budget || c > a->cycle_budget, 0)) {
            refuse(a, va, size, e);
            return;
        }
        a->insns = n;
        a->cycles = c;
        a->touched |= e->flags;
        a->last_va = va;
        a->last_entry = i;
        if (__builtin_expect(a->mem != 0, 0)) fetch_lines(a, va, size);
        return;
    }
    slow_path(uc, va, size, a);
}

void ecusim_intr_hook(void *uc, uint32_t intno, void *user_data) {
    ecusim_accounting *a = user_data;
    a->intno = intno;
    stop(a, STOP_EXCEPTION);
}

/* Lets the host check at load time that its struct layout matches this file. */
uint32_t ecusim_shim_layout(void) {
    return (uint32_t)(sizeof(ecusim_accounting) << 16 | sizeof(block_entry));
}

/* The same for the memory side: sizeof(ecusim_memory) << 16 | sizeof(trace_record). */
uint32_t ecusim_memory_layout(void) {
    return (uint32_t)(sizeof(ecusim_memory) << 16 | sizeof(trace_record));
}
