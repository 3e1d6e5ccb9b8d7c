package ecusim.rtcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ecusim.platform.Ecu;
import ecusim.platform.EventLog;
import ecusim.rtcr.CheckpointImage.ChildImage;
import ecusim.rtcr.CheckpointImage.PageImage;
import ecusim.rtcr.CheckpointImage.SessionImage;
import ecusim.rtcr.CheckpointImage.SleepImage;
import ecusim.rtcr.CheckpointImage.ThreadImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restore equivalence, over seeds: a group checkpointed at a pseudo-random instant and restored — in place,
 * and on a fresh ECU with another uptime (and, for timer-driven workloads, another clock) from the image's
 * bytes — goes on exactly as the same run
 * with the checkpoint but no restore (its children's log text), and a checkpoint taken right after the
 * restore describes the very state the image did (threads, capabilities, sessions, dataspaces, memory). In
 * the modes that track changes (write-bit, designated dataspaces of 1 and 8 pages) the image is an
 * incremental chain (a full image halfway, then only what changed).
 */
class RtcrRestoreEquivalenceTest {
    record Workload(String name, String starts, long fromUs, long toUs, long endUs) {}

    static final List<Workload> WORKLOADS = List.of(
            new Workload("counter", "<start name=\"counter\"> <resource name=\"RAM\" quantum=\"1M\"/> <config period_ms=\"1\" limit=\"12\"/> </start>", 1, 11_000, 40_000),
            new Workload("memwalk", "<start name=\"memwalk\"> <resource name=\"RAM\" quantum=\"2M\"/> <config pages=\"192\" pattern=\"random\" rounds=\"12\"/> </start>", 1, 900, 20_000),
            new Workload("matrix", "<start name=\"matrix\"> <resource name=\"RAM\" quantum=\"1M\"/> <config n=\"24\" iterations=\"4\"/> </start>", 1, 700, 20_000),
            new Workload("crc", "<start name=\"crc\"> <resource name=\"RAM\" quantum=\"1M\"/> <config bytes=\"65536\"/> </start>", 1, 1_800, 20_000),
            new Workload("control", "<start name=\"control\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_us=\"1000\" periods=\"12\"/> </start>", 1, 11_000, 40_000),
            new Workload("pingpong", "<start name=\"server\" priority=\"110\"> <binary name=\"pingpong-server\"/> <resource name=\"RAM\" quantum=\"512K\"/>"
                    + " <provides> <service name=\"Ping\"/> </provides> </start> <start name=\"client\"> <binary name=\"pingpong-client\"/>"
                    + " <resource name=\"RAM\" quantum=\"512K\"/> <config rounds=\"300\"/> </start>", 1, 720, 20_000));

    static Stream<Arguments> cases() {
        int seeds = Integer.getInteger("ecusim.rtcr.seeds", 3);
        List<Arguments> out = new ArrayList<>();
        for (Workload w : WORKLOADS) {
            for (String mode : List.of("full", "write-bit", "designated/1", "designated/8")) for (int s = 1; s <= seeds; s++) out.add(Arguments.of(w.name(), mode, s));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void aRestoredGroupGoesOnAsTheCheckpointedOneDid(String workload, String mode, int seed) throws Exception {
        Workload w = WORKLOADS.stream().filter(x -> x.name().equals(workload)).findFirst().orElseThrow();
        long at = w.fromUs() + new SplittableRandom(seed * 7919L + workload.hashCode()).nextLong(w.toUs() - w.fromUs());
        String config = "<config " + modeAttributes(mode) + ">" + w.starts() + "</config>";
        EventLog reference = new EventLog(), inPlace = new EventLog(), fresh = new EventLog();
        try (Ecu a = RtcrTest.boot(config, reference); Ecu b = RtcrTest.boot(config, inPlace);
             Ecu c = RtcrTest.boot("<config " + modeAttributes(mode) + " standby=\"yes\">" + w.starts() + "</config>", fresh, clockOfFreshEcu(w))) {
            List<CheckpointImage> chain = chain(a, at, mode);
            List<CheckpointImage> same = chain(b, at, mode);
            for (int i = 0; i < chain.size(); i++) assertArrayEquals(chain.get(i).encode(), same.get(i).encode(), "image " + i + " is byte-identical in a second run");
            int mark = reference.lines.size();
            long callsAtCheckpoint = systemCalls(a);
            List<String> callsOfA = recordCalls(a), callsOfB = recordCalls(b);

            // Run both on to the same instant of the group's own time, halfway to the workload's end, and
            // compare everything there: threads (registers, pending operations), capabilities, sessions,
            // memory and UTCBs, and how many system calls the group made since the checkpoint.
            RtcrTest.rtcr(b).restore(same);
            long callsAtRestore = systemCalls(b);
            long halfway = a.kernel().microsToCycles(at + (w.toUs() - at) / 2 + 1);
            a.kernel().run(halfway);
            b.kernel().run(halfway + RtcrTest.rtcr(b).groupOffsetCycles());
            List<String> later = null;
            long callsLater = systemCalls(a) - callsAtCheckpoint;
            if (RtcrTest.rtcr(a).running()) {
                assertEquals(callsLater, systemCalls(b) - callsAtRestore, "the same number of system calls since the checkpoint");
                assertEquals(callsOfA, callsOfB, "the same system calls, in the same order, with the same arguments");
                later = List.of(state(List.of(RtcrTest.rtcr(a).checkpoint(false)), 0).split("\n"));
                assertEquals(later, List.of(state(List.of(RtcrTest.rtcr(b).checkpoint(false)), 0).split("\n")), "the same state later on");
            }
            a.runUntil(w.endUs());
            b.runUntil(w.endUs() + 10_000);
            assertEquals(RtcrTest.texts(reference.lines.subList(mark, reference.lines.size())),
                    RtcrTest.texts(inPlace.lines.subList(mark, inPlace.lines.size())), "restored in place at " + at + " us");

            // A checkpoint would show in the group's time (a client measuring its calls sees it): the state is looked at on another ECU.
            try (Ecu d = RtcrTest.boot("<config " + modeAttributes(mode) + " standby=\"yes\">" + w.starts() + "</config>", new EventLog())) {
                RestoreStats restored = restore(d, chain);
                CheckpointImage after = RtcrTest.rtcr(d).checkpoint(false);
                long shift = after.header().resumedAtCycles() - restoredAt(d, restored);
                assertEquals(List.of(state(chain, shift).split("\n")), List.of(state(List.of(after), 0).split("\n")),
                        "a checkpoint right after the restore describes the image's state");
            }

            c.runUntil(3_333);
            List<CheckpointImage> decoded = new ArrayList<>();
            for (CheckpointImage image : chain) decoded.add(CheckpointImage.decode(image.encode()));
            RtcrTest.rtcr(c).restore(decoded);
            long callsAtFreshRestore = systemCalls(c);
            c.kernel().run(c.kernel().microsToCycles(at + (w.toUs() - at) / 2 + 1) + RtcrTest.rtcr(c).groupOffsetCycles());
            if (later != null && clockOfFreshEcu(w) == 666_000_000L) { // the same instant of group time (on another clock, nearly)
                assertEquals(callsLater, systemCalls(c) - callsAtFreshRestore, "the same system calls since the checkpoint, on a fresh ECU");
                assertEquals(later, List.of(state(List.of(RtcrTest.rtcr(c).checkpoint(false)), 0).split("\n")), "the same state later on, on a fresh ECU");
            } else if (later != null) {
                RtcrTest.rtcr(c).checkpoint(false); // as the others did, so that the group's time goes on alike
            }
            c.runUntil(3_333 + w.endUs() + 10_000);
            assertFalse(fresh.lines.isEmpty());
            assertEquals(RtcrTest.texts(reference.lines.subList(mark, reference.lines.size())), RtcrTest.texts(fresh.lines),
                    "restored on a fresh ECU at " + clockOfFreshEcu(w) / 1_000_000 + " MHz, from the image's bytes");
        }
    }

    /**
     * The fresh ECU's clock: another one for the workloads whose output counts virtual time only in their
     * timers' periods (a slower CPU takes longer over the same instructions, which a client that measures
     * its calls would print).
     */
    static long clockOfFreshEcu(Workload w) {
        return w.name().equals("counter") || w.name().equals("control") ? 500_000_000L : 666_000_000L;
    }

    /** {@code mode} ("full", "write-bit", "designated/G") as Rtcr's config attributes. */
    static String modeAttributes(String mode) {
        if (!mode.startsWith("designated/")) return "mode=\"" + mode + "\"";
        return "mode=\"designated\" granularity=\"" + mode.substring(mode.indexOf('/') + 1) + "\"";
    }

    /** Runs to {@code at} and checkpoints: one full image, or (modes that track) a full one halfway and an incremental one at {@code at}. */
    static List<CheckpointImage> chain(Ecu ecu, long at, String mode) throws Exception {
        List<CheckpointImage> chain = new ArrayList<>();
        if (!mode.equals("full")) {
            ecu.runUntil(at / 2);
            chain.add(RtcrTest.rtcr(ecu).checkpoint(true));
        }
        ecu.runUntil(at);
        chain.add(RtcrTest.rtcr(ecu).checkpoint(true));
        return chain;
    }

    static RestoreStats restore(Ecu ecu, List<CheckpointImage> chain) throws Exception {
        RtcrTest.rtcr(ecu).restore(chain);
        return RtcrTest.rtcr(ecu).restoreStats().getLast();
    }

    /** From now on, every system call of the group's threads: thread, svc, r0..r3 (tag, selector, flags, timeout). */
    static List<String> recordCalls(Ecu ecu) {
        List<String> calls = new ArrayList<>();
        ecu.kernel().addListener(new ecusim.kernel.KernelListener() {
            @Override
            public void systemCall(ecusim.kernel.Thread thread, int svc) {
                if (!thread.task().name().startsWith("rtcr -> ")) return;
                var r = ecu.kernel().registersOf(thread);
                calls.add(thread.task().name() + "/" + thread.name() + " svc " + svc + " " + Integer.toHexString(r.r(0)) + " " + r.r(1) + " "
                        + Integer.toHexString(r.r(2)) + " " + r.r(3));
            }
        });
        return calls;
    }

    /** System calls the group's threads made, all of them (a restored child's threads count from its restore). */
    static long systemCalls(Ecu ecu) {
        long n = 0;
        for (var c : ecu.core().components()) if (c.name().startsWith("rtcr -> ") && !c.destroyed()) n += c.stats().systemCalls();
        return n;
    }

    /** The instant the restored group went on from: the end of the restore. */
    static long restoredAt(Ecu ecu, RestoreStats s) {
        return s.atCycles() + s.totalCycles();
    }

    /**
     * The state a chain describes, as text: every child's records (times left made {@code shift} cycles
     * shorter, as they are after that much more time) and the newest content of every page.
     */
    static String state(List<CheckpointImage> chain, long shift) {
        Map<String, String> pages = new TreeMap<>();
        for (CheckpointImage image : chain) {
            for (PageImage p : image.pages()) pages.put(p.dataspace() + "@" + p.offset(), java.util.HexFormat.of().formatHex(p.data()).replaceAll("(00)+$", ""));
        }
        StringBuilder out = new StringBuilder();
        for (ChildImage c : chain.getLast().children()) {
            List<ThreadImage> threads = c.threads().stream().map(t -> new ThreadImage(t.id(), t.name(), t.priority(), t.utcbAddress(), t.state(),
                    t.registers(), t.paused(), t.pending(), t.partner(), t.gate(), t.tag(), t.call(), t.timeoutUs(), t.irq(),
                    shorter(t.timeoutLeftCycles(), shift), t.sliceLeft(), t.queuePosition(), null)).toList();
            List<SessionImage> sessions = c.sessions().stream().map(s -> new SessionImage(s.sessionId(), s.id(), s.service(), s.label(), s.quota(),
                    s.server(), s.signal(), shorter(s.alarmLeftCycles(), shift), s.alarmPeriodCycles(),
                    s.sleeps().stream().map(x -> new SleepImage(x.thread(), shorter(x.leftCycles(), shift))).toList())).toList();
            out.append(new ChildImage(c.name(), c.binary(), c.binaryDigest(), c.ramQuota(), c.priority(), c.config(), c.task(), c.parentGate(),
                    c.pdSession(), c.rmSession(), c.cpuSession(), c.nextSessionId(), threads, c.dataspaces(), c.attachments(), c.endpoints(),
                    sessions, c.announced(), c.capabilities(), null)).append(java.util.Arrays.toString(c.mapped())).append('\n');
            for (ThreadImage t : c.threads()) out.append("utcb ").append(t.id()).append(' ').append(java.util.Arrays.hashCode(t.utcb())).append('\n');
            List<Long> live = c.dataspaces().stream().filter(d -> d.rom() == null).map(d -> d.id()).sorted(Comparator.naturalOrder()).toList();
            pages.forEach((k, v) -> {
                if (live.contains(Long.parseLong(k.substring(0, k.indexOf('@')))) && !v.isEmpty()) out.append(k).append(' ').append(v.hashCode()).append('\n');
            });
        }
        return out.toString();
    }

    private static long shorter(long left, long shift) {
        return left < 0 ? left : Math.max(0, left - shift);
    }
}
