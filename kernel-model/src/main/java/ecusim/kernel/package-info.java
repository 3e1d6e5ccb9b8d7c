/** The Fiasco.OC-style kernel model (to come: tasks, capability spaces, threads, IPC, pagers). */
package ecusim.kernel;
