@ Start-up code of a bare guest (ARM mode). The host has set sp, and r0-r3 to
@ heap base, heap size, arg0, arg1; lr = 0. Clears .bss with r4-r6 so r0-r3 reach main intact.
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
    bl      main
    svc     #2              @ exit(main's result)
    b       .
    .size _start, . - _start
