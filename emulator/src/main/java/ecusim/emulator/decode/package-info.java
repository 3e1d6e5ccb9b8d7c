/**
 * Decoding single ARM and Thumb-2 instructions with Capstone: their class for the cycle cost model, whether
 * they write the PC, and for loads and stores the byte range they access (Unicorn leaves DFAR/DFSR empty,
 * so data aborts are classified from this).
 */
package ecusim.emulator.decode;
