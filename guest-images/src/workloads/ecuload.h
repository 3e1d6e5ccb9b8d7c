/*
 * ecuload: compiled C with the shape of ECU software, for the real-code speed benchmark (benchmarks/,
 * RealCodeSpeedBenchmark). One round runs five kernels over fresh pseudo-random input:
 *   - a PI control law in Q16 fixed point driving a first-order plant (ARM; a division per sample),
 *   - a protocol state machine over a stream of CAN-like frames (Thumb, switch dispatch),
 *   - an insertion sort of 48 records through a comparator function pointer (ARM, many calls),
 *   - a table-driven CRC-16/CCITT over a 192-byte buffer (Thumb),
 *   - a small stack-machine interpreter running a bytecode loop (Thumb, switch dispatch).
 * Short blocks, calls and returns, ARM/Thumb interworking and libgcc's Thumb division, as compiled code
 * has. Included by the bare guest (src/guests/ecuload.c) and the component (src/components/ecuload.c),
 * so both run the same code; ecuload_run(rounds) returns a checksum over every kernel's result.
 */
#ifndef ECUSIM_ECULOAD_H
#define ECUSIM_ECULOAD_H

#define THUMB __attribute__((target("thumb"), noinline))
#define ARM __attribute__((target("arm"), noinline))

static unsigned ecu_rng = 2463534242u;

static ARM unsigned next_random(void)
{
    unsigned x = ecu_rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    ecu_rng = x;
    return x;
}

/* --- control law: PI controller with anti-windup, Q16 --- */
typedef struct { int kp, ki, integral, limit; } pi_controller;

static ARM int saturate(int v, int limit) { return v > limit ? limit : (v < -limit ? -limit : v); }

static ARM int pi_step(pi_controller *c, int setpoint, int measured)
{
    int error = setpoint - measured;
    int p = (int)(((long long)c->kp * error) >> 16);
    c->integral = saturate(c->integral + (int)(((long long)c->ki * error) >> 16), c->limit);
    return saturate(p + c->integral, c->limit);
}

static ARM unsigned control_law(unsigned samples)
{
    pi_controller c = { 3 << 15, 1 << 13, 0, 40 << 16 };
    int plant = 0, setpoint = (int)(next_random() & 0xFFFFF);
    unsigned sum = 0;
    for (unsigned i = 0; i < samples; i++) {
        if ((i & 15) == 0) setpoint = (int)(next_random() & 0xFFFFF) - 0x80000;
        int u = pi_step(&c, setpoint, plant);
        plant += (u - plant) / (int)(7 + (i & 3)); /* first-order plant, gain by division */
        sum = sum * 31 + (unsigned)plant;
    }
    return sum;
}

/* --- state machine: frames of (id, length, payload..., checksum) --- */
enum { WAIT_ID, WAIT_LENGTH, PAYLOAD, CHECKSUM };
typedef struct { int state; unsigned id, length, seen, sum, good, bad, last; } frame_parser;

static THUMB void parse_byte(frame_parser *p, unsigned b)
{
    switch (p->state) {
    case WAIT_ID:
        if (b >= 0x10 && b < 0xF0) { p->id = b; p->sum = b; p->state = WAIT_LENGTH; }
        break;
    case WAIT_LENGTH:
        if (b == 0 || b > 8) { p->bad++; p->state = WAIT_ID; break; }
        p->length = b; p->seen = 0; p->sum += b; p->state = PAYLOAD;
        break;
    case PAYLOAD:
        p->sum += b;
        p->last = (p->last << 3) ^ b;
        if (++p->seen == p->length) p->state = CHECKSUM;
        break;
    default:
        if ((p->sum & 0xFF) == b) p->good++; else p->bad++;
        p->state = WAIT_ID;
        break;
    }
}

static THUMB unsigned state_machine(unsigned frames)
{
    frame_parser p;
    p.state = WAIT_ID; p.id = p.length = p.seen = p.sum = p.good = p.bad = p.last = 0; /* no memset: no libc */
    for (unsigned f = 0; f < frames; f++) {
        unsigned r = next_random();
        unsigned id = 0x10 + (r & 0x7F), length = 1 + ((r >> 8) & 7), sum = id + length;
        parse_byte(&p, id);
        parse_byte(&p, length);
        for (unsigned i = 0; i < length; i++) {
            unsigned b = (r >> (i * 3)) & 0xFF;
            sum += b;
            parse_byte(&p, b);
        }
        parse_byte(&p, (r & 0x80000000u) ? (sum + 1) & 0xFF : sum & 0xFF); /* some frames are corrupt */
    }
    return p.good * 65599u + p.bad + p.last;
}

/* --- sort: records by key through a comparator --- */
typedef struct { unsigned key, value; } record;

static ARM int by_key(const record *a, const record *b) { return a->key < b->key ? -1 : a->key > b->key; }

static ARM void insertion_sort(record *r, unsigned n, int (*compare)(const record *, const record *))
{
    for (unsigned i = 1; i < n; i++) {
        record x = r[i];
        unsigned j = i;
        while (j > 0 && compare(&r[j - 1], &x) > 0) { r[j] = r[j - 1]; j--; }
        r[j] = x;
    }
}

static ARM unsigned sort_records(void)
{
    static record records[48];
    for (unsigned i = 0; i < 48; i++) { records[i].key = next_random() & 0xFFFF; records[i].value = i; }
    insertion_sort(records, 48, by_key);
    unsigned sum = 0;
    for (unsigned i = 0; i < 48; i++) sum = sum * 33 + records[i].value;
    return sum;
}

/* --- CRC-16/CCITT (polynomial 0x1021, init 0xFFFF), table-driven --- */
static unsigned short crc_table[256];

static THUMB void crc_make_table(void)
{
    for (unsigned i = 0; i < 256; i++) {
        unsigned c = i << 8;
        for (int k = 0; k < 8; k++) c = (c & 0x8000) ? (c << 1) ^ 0x1021 : c << 1;
        crc_table[i] = (unsigned short)c;
    }
}

static THUMB unsigned crc16(const unsigned char *p, unsigned n)
{
    unsigned crc = 0xFFFF;
    for (unsigned i = 0; i < n; i++) crc = ((crc << 8) ^ crc_table[((crc >> 8) ^ p[i]) & 0xFF]) & 0xFFFF;
    return crc;
}

static THUMB unsigned crc_buffer(void)
{
    static unsigned char buffer[192];
    for (unsigned i = 0; i < sizeof buffer; i += 4) {
        unsigned r = next_random();
        buffer[i] = (unsigned char)r; buffer[i + 1] = (unsigned char)(r >> 8);
        buffer[i + 2] = (unsigned char)(r >> 16); buffer[i + 3] = (unsigned char)(r >> 24);
    }
    return crc16(buffer, sizeof buffer);
}

/* --- interpreter: a stack machine --- */
enum { OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_XOR, OP_JNZ, OP_DUP, OP_HALT };

static THUMB int interpret(const signed char *code, int *vars)
{
    int stack[16], sp = 0, pc = 0;
    for (;;) {
        int op = code[pc++];
        switch (op) {
        case OP_PUSH: stack[sp++] = code[pc++]; break;
        case OP_LOAD: stack[sp++] = vars[code[pc++]]; break;
        case OP_STORE: vars[code[pc++]] = stack[--sp]; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_JNZ: { int target = code[pc++]; if (stack[--sp] != 0) pc = target; break; }
        default: return sp > 0 ? stack[sp - 1] : 0;
        }
    }
}

static THUMB unsigned run_program(void)
{
    /* acc = seed; for (n = 24; n != 0; n--) acc = (acc * 5 + n) ^ n; */
    static const signed char program[] = {
        OP_PUSH, 24, OP_STORE, 1,                                       /* 0: n = 24 */
        OP_LOAD, 0, OP_PUSH, 5, OP_MUL, OP_LOAD, 1, OP_ADD, OP_LOAD, 1, OP_XOR, OP_STORE, 0, /* 4 */
        OP_LOAD, 1, OP_PUSH, 1, OP_SUB, OP_DUP, OP_STORE, 1, OP_JNZ, 4,  /* 17: n--, loop */
        OP_LOAD, 0, OP_HALT,                                             /* 27 */
    };
    int vars[2] = { (int)(next_random() & 0xFFFF), 0 };
    return (unsigned)interpret(program, vars);
}

/* Runs rounds rounds; the checksum depends on every kernel's every result. */
static ARM unsigned ecuload_run(unsigned rounds)
{
    unsigned sum = 0x811C9DC5u;
    crc_make_table();
    for (unsigned r = 0; r < rounds; r++) {
        sum = (sum ^ control_law(64)) * 16777619u;
        sum = (sum ^ state_machine(24)) * 16777619u;
        sum = (sum ^ sort_records()) * 16777619u;
        sum = (sum ^ crc_buffer()) * 16777619u;
        sum = (sum ^ run_program()) * 16777619u;
    }
    return sum;
}

#endif
