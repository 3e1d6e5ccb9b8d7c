@ Start-up code of an ecusim component (ARM mode). Core has set sp = 0x80000000 (top of a 16 KiB stack
@ dataspace), all other registers 0; the UTCB address is in TPIDRURO. Clears .bss (core zeroes it too),
@ calls main() and exits with its return value through the parent (exit() never returns).
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
    .type _start, %function
_start:
    ldr     r4, =__bss_start
    ldr     r5, =__bss_end
    mov     r6, #0
1:  cmp     r4, r5
    strlo   r6, [r4], #4
    blo     1b
    mov     fp, #0
    mov     lr, #0
    bl      main
    bl      exit            @ r0 = main's result
    b       .
    .size _start, . - _start
