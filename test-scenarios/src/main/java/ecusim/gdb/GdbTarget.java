package ecusim.gdb;

import ecusim.emulator.cpu.RegisterFile;

/**
 * What a GDB stub debugs: one thread of guest code, stopped, with its registers and the memory of its
 * address space. Implemented for a component's thread on an ECU and for a bare machine.
 */
public interface GdbTarget {
    /** The registers of the stopped thread (core and VFP). */
    RegisterFile registers();

    void setRegisters(RegisterFile registers);

    /** Reads guest virtual memory; false if any of it is not accessible. */
    boolean read(int address, byte[] into);

    /** Writes guest virtual memory, code and read-only pages too (breakpoints); false if any of it is not accessible. */
    boolean write(int address, byte[] bytes);
}
