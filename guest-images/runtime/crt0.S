@ Start-up code of a bare guest (ARM mode). The host has set sp (top of the stack), lr = 0, and r0-r3 to
@ heap base, heap size, arg0, arg1. Keeps those in bare_heap_base .. bare_arg1 (bare.h), clears .bss
@ (which they are not in), and calls a standard C main: int main(void) or int main(int argc, char **argv)
@ with argc = 1, argv = { "guest", NULL }. Exits with main's result.
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
    .type _start, %function
_start:
    ldr     r4, =bare_heap_base
    stmia   r4, {r0-r3}
    ldr     r4, =__bss_start
    ldr     r5, =__bss_end
    mov     r6, #0
1:  cmp     r4, r5
    strlo   r6, [r4], #4
    blo     1b
    mov     r0, #1
    ldr     r1, =bare_argv
    bl      main
    svc     #2              @ exit(main's result)
    b       .
    .size _start, . - _start

    .section .data.bare_start, "aw"
    .align  2
    .global bare_heap_base, bare_heap_size, bare_arg0, bare_arg1
bare_heap_base: .word 0     @ in .data, not .bss: set before .bss is cleared
bare_heap_size: .word 0
bare_arg0:      .word 0
bare_arg1:      .word 0
bare_argv:      .word bare_argv0, 0

    .section .rodata.bare_start, "a"
bare_argv0:     .asciz "guest"
