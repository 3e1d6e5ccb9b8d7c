package ecusim.rtcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.kernel.Thread;
import ecusim.kernel.ThreadState;
import ecusim.platform.Ecu;
import ecusim.platform.EventLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint taken with a thread in any state restores correctly: sweeping a run instant by instant, the
 * first instant at which each thread is found in a new state (running or ready, queued to send, awaiting a
 * call's reply, in an open wait, waiting for a signal, asleep in a Timer call, with or without an IPC
 * timeout) is checkpointed, restored in place, and must go on as the run that was only checkpointed.
 */
class RtcrPendingStatesTest {
    static final Map<String, String> GROUPS = Map.of(
            "pingpong", "<start name=\"server\" priority=\"110\"> <binary name=\"pingpong-server\"/> <resource name=\"RAM\" quantum=\"512K\"/>"
                    + " <provides> <service name=\"Ping\"/> </provides> <config work=\"300\"/> </start>"
                    + " <start name=\"client\"> <binary name=\"pingpong-client\"/> <resource name=\"RAM\" quantum=\"512K\"/> <config rounds=\"40\"/> </start>"
                    + " <start name=\"client2\"> <binary name=\"pingpong-client\"/> <resource name=\"RAM\" quantum=\"512K\"/> <config rounds=\"40\"/> </start>",
            "control", "<start name=\"control\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_us=\"200\" periods=\"20\"/> </start>"
                    + " <start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"1\" limit=\"3\"/> </start>",
            "ipc-timeout", "<start name=\"ipc-timeout\"> <resource name=\"RAM\" quantum=\"512K\"/> </start>",
            // The client asks for "Ping" before its server, at a lower priority, has announced it: its request waits in Rtcr.
            "late-server", "<start name=\"client\"> <binary name=\"pingpong-client\"/> <resource name=\"RAM\" quantum=\"512K\"/> <config rounds=\"20\"/> </start>"
                    + " <start name=\"server\" priority=\"50\"> <binary name=\"pingpong-server\"/> <resource name=\"RAM\" quantum=\"512K\"/>"
                    + " <provides> <service name=\"Ping\"/> </provides> </start>");

    @ParameterizedTest
    @ValueSource(strings = {"pingpong", "control", "ipc-timeout", "late-server"})
    void aCheckpointInEveryStateAThreadIsFoundInRestores(String group) throws Exception {
        String config = "<config mode=\"write-bit\">" + GROUPS.get(group) + "</config>";
        Map<String, Long> firstSeen = new LinkedHashMap<>();
        try (Ecu probe = RtcrTest.boot(config, new EventLog())) {
            for (long at = 1; at < 12_000; at += at < 1_000 ? 1 : 50) {
                probe.runUntil(at);
                for (Thread t : probe.kernel().threads()) {
                    if (!t.task().name().startsWith("rtcr -> ") || t.state() == ThreadState.EXITED || t.state() == ThreadState.INACTIVE) continue;
                    var c = probe.kernel().context(t);
                    String state = t.name() + " " + c.state() + " " + c.pending().kind() + (c.timeoutDeadline() >= 0 ? " with timeout" : "");
                    firstSeen.putIfAbsent(state, at);
                }
            }
        }
        TreeSet<String> kinds = new TreeSet<>();
        for (String s : firstSeen.keySet()) kinds.add(s.substring(s.indexOf(' ') + 1));
        List<String> expected = switch (group) {
            case "pingpong" -> List.of("BLOCKED SENDING", "BLOCKED AWAITING_REPLY", "BLOCKED RECEIVING_OPEN", "READY NONE");
            case "late-server" -> List.of("BLOCKED AWAITING_SERVER", "READY NONE");
            case "control" -> List.of("BLOCKED RECEIVING_IRQ", "BLOCKED AWAITING_SERVER", "READY NONE");
            default -> List.of("BLOCKED RECEIVING_OPEN with timeout", "BLOCKED RECEIVING_IRQ with timeout", "READY NONE");
        };
        for (String k : expected) assertTrue(kinds.contains(k), group + " never showed " + k + ": " + kinds);
        List<String> failures = new ArrayList<>();
        for (var e : firstSeen.entrySet()) {
            String verdict = restoresLikeTheOriginal(config, e.getValue());
            if (verdict != null) failures.add(e.getKey() + " at " + e.getValue() + " us: " + verdict);
        }
        assertEquals(List.of(), failures);
    }

    /** Null when the run restored at {@code at} goes on as the one only checkpointed there; else the difference. */
    static String restoresLikeTheOriginal(String config, long at) throws Exception {
        EventLog reference = new EventLog(), restored = new EventLog();
        try (Ecu a = RtcrTest.boot(config, reference); Ecu b = RtcrTest.boot(config, restored)) {
            a.runUntil(at);
            b.runUntil(at);
            RtcrTest.rtcr(a).checkpoint(false);
            CheckpointImage image = RtcrTest.rtcr(b).checkpoint(false);
            int mark = reference.lines.size();
            RtcrTest.rtcr(b).restore(List.of(image));
            a.runUntil(60_000);
            b.runUntil(60_000);
            var expected = RtcrTest.texts(reference.lines.subList(mark, reference.lines.size()));
            var actual = RtcrTest.texts(restored.lines.subList(mark, restored.lines.size()));
            return expected.equals(actual) ? null : "expected " + expected + " but was " + actual;
        }
    }
}
