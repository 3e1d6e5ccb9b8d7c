/**
 * The ECU's ARMv7-A Cortex-A9 core on a Unicorn engine: register file, CP15 (translation table base,
 * domains, MMU enable, CONTEXTIDR, TLB maintenance), physical RAM shared with the engine, and
 * {@link ecusim.emulator.cpu.ArmCpu#run(long)}, which runs user code until something happens and
 * reports it as a {@link ecusim.emulator.cpu.CpuEvent}, with exact architectural instruction counts and
 * modelled cycles.
 */
package ecusim.emulator.cpu;
