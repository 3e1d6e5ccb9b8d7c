/**
 * A GDB remote-serial-protocol stub ({@link ecusim.gdb.GdbServer}) over one TCP connection, as QEMU and
 * Renode offer: registers (core and VFP), memory through the debugged thread's own address space, software
 * breakpoints, single step and continue, all in virtual time. {@code ecusim run --gdb} debugs a component
 * ({@link ecusim.gdb.ComponentDebugger}), {@code ecusim bare --gdb} a bare guest.
 */
package ecusim.gdb;
