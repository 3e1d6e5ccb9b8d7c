/**
 * ARMv7 short-descriptor translation tables written into simulated RAM (L1 sections and page tables,
 * L2 small 4 KiB pages with AP and XN bits), and a software walker that translates and classifies
 * accesses the way the emulated MMU does, for host-side access to guest memory and for abort decoding.
 */
package ecusim.emulator.mmu;
