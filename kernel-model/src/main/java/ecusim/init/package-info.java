/**
 * Genode init's configuration: which children to start ({@code <start>}), with which binary, RAM quantum and
 * priority, which services they provide, and how their session requests are routed (to the parent, a named
 * child, or any child). {@link ecusim.init.InitConfig#parse} is strict: a misspelt element or attribute is an
 * error with {@code file:line}, never silently ignored; only a start's own {@code <config>} is free-form,
 * because it belongs to the child.
 */
package ecusim.init;
