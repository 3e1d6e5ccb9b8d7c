/**
 * The ELF32 ARM loader: reads a little-endian ARM executable into its loadable segments, entry point and
 * symbol table ({@link ecusim.emulator.elf.ElfImage#parse}), rejecting anything malformed with a one-line
 * {@link ecusim.emulator.elf.ElfFormatException}. Placing the segments in memory is the bare runner's job.
 */
package ecusim.emulator.elf;
