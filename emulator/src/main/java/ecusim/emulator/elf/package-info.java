/** The ELF32 ARM loader: loadable segments, entry point and the symbol table for traces. */
package ecusim.emulator.elf;
