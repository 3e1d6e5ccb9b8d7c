/** The {@code ecusim} command line: {@code ecusim run <image>} for now; scenarios, benches and campaigns to come. */
package ecusim.cli;
