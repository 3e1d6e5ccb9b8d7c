package ecusim.scenario;

import java.util.Optional;

/**
 * Something that happens to a run at a virtual time, from {@code <at ms="…" …/>} in a scenario:
 *
 * <ul>
 *   <li>{@code <at ms="20" ecu="A" checkpoint="rtcr"/>}: Rtcr {@code rtcr} on ECU A checkpoints its group
 *       (incrementally when its memory mode tracks changes); with {@code send_to="B"} the image goes over the
 *       link to B's Rtcr of the same name, which keeps it;</li>
 *   <li>{@code <at ms="50" ecu="B" restore="rtcr"/>}: that Rtcr restores the latest chain it received, or
 *       else its own latest;</li>
 *   <li>{@code <at ms="40" fail="A"/>}: ECU A stops for good;</li>
 *   <li>{@code <at ms="30" migrate="rtcr" from="A" to="B"/>}: A's latest chain goes over the link to B's Rtcr,
 *       which restores it when it has arrived.</li>
 * </ul>
 * {@code every_ms} repeats an event until the run ends. An Rtcr whose config gives {@code interval_ms} adds
 * an event of its own ({@link Kind#POLICY}, at the line of its {@code <start>}).
 *
 * @param kind    what happens
 * @param ecu     the ECU it happens on (for a migration: where the chain comes from)
 * @param rtcr    the Rtcr's name in that ECU's init configuration (empty for a failure)
 * @param to      where an image goes (send_to, or the migration's target)
 * @param line    the line of its {@code <at>} in the scenario file
 */
public record ScenarioEvent(long atUs, long everyUs, Kind kind, String ecu, String rtcr, Optional<String> to, int line) {
    /** {@code POLICY}: an Rtcr's own {@code interval_ms}, a checkpoint at each interval while its group runs. */
    public enum Kind { CHECKPOINT, RESTORE, FAIL, MIGRATE, POLICY }

    /** The time of its {@code n}th occurrence (0 first). */
    long timeOf(long n) {
        return atUs + n * everyUs;
    }
}
