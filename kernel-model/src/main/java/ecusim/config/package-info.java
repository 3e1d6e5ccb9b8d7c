/**
 * Configuration input as Genode writes it: XML with every element's line and exact source text kept, so that
 * every rejection names {@code file:line} and a {@code <config>} node can be handed to a guest verbatim as its
 * ROM. Anything that rejects input throws {@link ecusim.config.ConfigException}.
 */
package ecusim.config;
