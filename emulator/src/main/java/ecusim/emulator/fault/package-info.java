/**
 * Fault injection into the emulated core, as FAIL* does it: a {@link ecusim.emulator.fault.Fault} names a
 * bit of a core register, the PC, a CPSR flag, a VFP register or a byte of memory, and
 * {@link ecusim.emulator.fault.FaultInjector} flips it exactly before a given architectural instruction
 * (counting condition-failed instructions of IT blocks, as the CPU does), optionally only once a given PC is
 * reached. A flip in code drops the translations of that code, so the flipped instruction is what runs.
 */
package ecusim.emulator.fault;
