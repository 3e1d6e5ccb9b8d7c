/*
 * abort: one memory access the decoder of data aborts must understand, into the unmapped page at 0
 * (below the image at 0x10000), chosen by the config's kind:
 *   swp     swp r0, r1, [0xb00]            read-write 4 bytes at 0x00000b00
 *   swpb    swpb r0, r1, [0xb01]           read-write 1 byte  at 0x00000b01
 *   tbb     tbb [0x900, 3] (Thumb)         read 1 byte  at 0x00000903
 *   tbh     tbh [0x900, 3, lsl #1] (Thumb) read 2 bytes at 0x00000906
 *   vld1    vld1.32 {d0, d1}, [0xa00]      read 16 bytes at 0x00000a00
 *   vld4    vld4.8 {d0[1]-d3[1]}, [0xa20]  read 4 bytes at 0x00000a20
 *   vst1    vst1.32 {d0[1]}, [0xa40]       write 4 bytes at 0x00000a40
 *   asr32   ldr r0, [0x800, 0x80000000 asr #32]  read 4 bytes at 0x000007ff (the index is -1)
 *   rrx     ldr r0, [0x800, 2 rrx] with carry set  read 4 bytes at 0x80000801 (the index is 0x80000001)
 * Logs "kind K" first; the access must stop the component, so "survived" never appears.
 */
#include "ecusim/env.h"

__attribute__((noinline)) static void swp(unsigned address)
{
    __asm__ volatile(".arch armv7-a\n swp r0, r1, [%0]" : : "r"(address) : "r0", "r1", "memory");
}

__attribute__((noinline)) static void swpb(unsigned address)
{
    __asm__ volatile(".arch armv7-a\n swpb r0, r1, [%0]" : : "r"(address) : "r0", "r1", "memory");
}

__attribute__((noinline, target("thumb"))) static void tbb(unsigned table, unsigned index)
{
    __asm__ volatile("tbb [%0, %1]\n nop\n nop\n nop\n nop" : : "r"(table), "r"(index) : "memory");
}

__attribute__((noinline, target("thumb"))) static void tbh(unsigned table, unsigned index)
{
    __asm__ volatile("tbh [%0, %1, lsl #1]\n nop\n nop\n nop\n nop" : : "r"(table), "r"(index) : "memory");
}

__attribute__((noinline)) static void vld1(unsigned address)
{
    __asm__ volatile(".fpu neon\n vld1.32 {d0, d1}, [%0]" : : "r"(address) : "memory");
}

__attribute__((noinline)) static void vld4(unsigned address)
{
    __asm__ volatile(".fpu neon\n vld4.8 {d0[1], d1[1], d2[1], d3[1]}, [%0]" : : "r"(address) : "memory");
}

__attribute__((noinline)) static void vst1(unsigned address)
{
    __asm__ volatile(".fpu neon\n vst1.32 {d0[1]}, [%0]" : : "r"(address) : "memory");
}

__attribute__((noinline)) static unsigned asr32(unsigned base, unsigned index)
{
    unsigned value;
    __asm__ volatile("ldr %0, [%1, %2, asr #32]" : "=r"(value) : "r"(base), "r"(index) : "memory");
    return value;
}

__attribute__((noinline)) static unsigned rrx(unsigned base, unsigned index)
{
    unsigned value;
    __asm__ volatile("cmp %1, %1\n ldr %0, [%1, %2, rrx]" : "=&r"(value) : "r"(base), "r"(index) : "memory", "cc");
    return value;
}

int main(void)
{
    char kind[16];
    if (config_string("kind", kind, sizeof kind) < 0) {
        log_printf("no kind configured");
        return 1;
    }
    log_printf("kind %s", kind);
    if (!strcmp(kind, "swp")) swp(0xb00);
    else if (!strcmp(kind, "swpb")) swpb(0xb01);
    else if (!strcmp(kind, "tbb")) tbb(0x900, 3);
    else if (!strcmp(kind, "tbh")) tbh(0x900, 3);
    else if (!strcmp(kind, "vld1")) vld1(0xa00);
    else if (!strcmp(kind, "vld4")) vld4(0xa20);
    else if (!strcmp(kind, "vst1")) vst1(0xa40);
    else if (!strcmp(kind, "asr32")) asr32(0x800, 0x80000000u);
    else if (!strcmp(kind, "rrx")) rrx(0x800, 2);
    else {
        log_printf("unknown kind");
        return 1;
    }
    log_printf("survived");
    return 0;
}
