/**
 * The Fiasco.OC-style kernel model: kernel objects with stable identities, capability spaces with rights,
 * the mapping database that records how capabilities were derived (so unmap revokes recursively), and task
 * address spaces over real ARMv7 page tables with per-page shadow bits. One kernel object per file, as in
 * Fiasco.OC. Expected failures are {@link ecusim.kernel.L4Error} values, not exceptions.
 */
package ecusim.kernel;
