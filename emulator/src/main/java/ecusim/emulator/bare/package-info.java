/**
 * Running one guest image bare: one address space with the MMU on, the ELF's segments mapped with their
 * permissions, a stack and a heap, and the provisional system-call ABI of guest-images (write, exit,
 * marker). The kernel model replaces the ABI; the loader is shared with it.
 */
package ecusim.emulator.bare;
