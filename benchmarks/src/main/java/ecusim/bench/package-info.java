/**
 * JMH benchmarks of the simulator's hot paths: emulation speed raw vs with full instruction and cycle
 * accounting (side by side, same engine and program), dirty-page fault handling, address-space switches.
 * Run with {@code ./benchmarks/run-jmh.sh}.
 */
package ecusim.bench;
