/** The cycle cost model: cycles per instruction class and per kernel operation, read from a documented file. */
package ecusim.emulator.cost;
