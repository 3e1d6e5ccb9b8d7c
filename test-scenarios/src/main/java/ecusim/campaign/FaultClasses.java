package ecusim.campaign;

import ecusim.emulator.fault.FaultLocation;
import java.util.Map;

/**
 * A partition of a fault space into def/use equivalence classes, from a traced golden run: {@link DefUse}
 * for memory bytes, {@link RegisterDefUse} for core registers.
 */
public interface FaultClasses {
    /** What a flip of {@code location} after {@code instruction} instructions amounts to. */
    DefUse.Verdict verdict(long instruction, FaultLocation location);

    /** The whole space by class: classes that need a run, and the points (instruction, location) known OK. */
    DefUse.Census census(long instructions);

    /** What the trace held, for the summary. */
    Map<String, Long> traced();
}
