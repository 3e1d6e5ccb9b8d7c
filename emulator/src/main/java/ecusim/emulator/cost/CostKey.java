package ecusim.emulator.cost;

/**
 * A named cost of the model that is not an instruction class: work a layer above the CPU (the kernel, core,
 * Rtcr, DWC) performs and charges. The layer that charges it defines it, with a documented default, so a cost
 * file written before the key existed keeps working.
 *
 * @param name          the name in a cost file, e.g. {@code kernel.ipc}
 * @param defaultCycles the figure when a cost file does not give one
 * @param since         the cost-file format version that introduced it
 * @param source        where the default comes from, in the cost file's words
 */
public record CostKey(String name, long defaultCycles, int since, String source) {
    public CostKey {
        if (!name.matches("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+")) throw new IllegalArgumentException("bad cost name " + name);
        if (defaultCycles < 0) throw new IllegalArgumentException("negative default for " + name);
    }
}
