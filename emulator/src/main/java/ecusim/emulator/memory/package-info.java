/** Simulated physical memory: one host {@code MemorySegment} shared with the CPU engine. */
package ecusim.emulator.memory;
