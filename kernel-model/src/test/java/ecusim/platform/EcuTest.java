package ecusim.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.core.Dataspace;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.kernel.IpcWait;
import ecusim.kernel.Thread;
import ecusim.kernel.ThreadState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A whole ECU (kernel, core, init) with real guest components: behaviours scenarios cannot reach from outside. */
class EcuTest {
    private static final String PROVIDES = """
            <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
            <default-route> <any-service> <parent/> </any-service> </default-route>
            """;

    private final ComponentReports reports = new ComponentReports();
    private final List<String> log = reports.log, ends = reports.ends;
    private Ecu ecu;

    private Ecu boot(String starts) throws Exception {
        InitConfig init = InitConfig.parse(XmlReader.parse("test", "<config>" + PROVIDES + starts + "</config>"));
        EcuConfig config = new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 32L << 20, 1000, CostModel.cortexA9(), init,
                name -> ComponentImages.load(name).orElse(null));
        ecu = new Ecu(config, reports);
        ecu.boot();
        return ecu;
    }

    @AfterEach
    void close() {
        if (ecu != null) ecu.close();
    }

    private long lines(String text) {
        return log.stream().filter(l -> l.equals(text)).count();
    }

    @Test
    void aThreadPausedWhileBlockedInACallStaysPausedUntilResumedThenCarriesOn() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"10\"/> </start>");
        ecu.runUntil(25_000);
        Thread counter = ecu.init().component("counter").threads().getFirst();
        assertEquals(1, lines("counter: count 2"));
        assertEquals(ThreadState.BLOCKED, counter.state());
        assertEquals(IpcWait.AWAITING_SERVER, counter.ipcWait(), "sleeping in a call to the timer");

        ecu.kernel().pause(counter);
        ecu.runUntil(100_000);
        assertEquals(0, lines("counter: count 3"), "a paused thread does not run, although its reply arrived");
        assertEquals(ThreadState.READY, counter.state());

        ecu.kernel().resume(counter);
        ecu.runUntil(101_000);
        assertEquals(1, lines("counter: count 3"));
    }

    @Test
    void exRegsOnAThreadBlockedInACallCancelsTheCallAndMakesItReady() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"10\"/> </start>");
        ecu.runUntil(5_000);
        Thread counter = ecu.init().component("counter").threads().getFirst();
        assertEquals(ThreadState.BLOCKED, counter.state());
        int pc = ecu.kernel().registersOf(counter).pc();

        ecu.kernel().exRegs(counter, -1, -1);
        assertEquals(ThreadState.READY, counter.state());
        assertEquals(IpcWait.NONE, counter.ipcWait());
        assertEquals(ecusim.kernel.Abi.E_CANCELED, ecu.kernel().registersOf(counter).r(1), "the call returns E_CANCELED");
        assertEquals(pc, ecu.kernel().registersOf(counter).pc(), "PC and SP unchanged when given as -1");
    }

    @Test
    void theCpuSessionPausesAThreadAndReadsAndWritesItsRegisters() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"10\"/> </start>"
                + "<start name=\"other\"> <binary name=\"counter\"/> <resource name=\"RAM\" quantum=\"512K\"/> </start>");
        ecu.runUntil(5_000);
        Component counter = ecu.init().component("counter");
        Thread t = counter.threads().getFirst();
        var cpu = (ecusim.kernel.IpcGate) counter.task().capSpace().lookup(ecusim.kernel.Abi.CAP_CPU).object();
        var threadCap = counter.task().capSpace().lookup(ecusim.kernel.Abi.CAP_THREAD);
        Thread caller = ecu.init().component("other").threads().getFirst(); // as a parent would, with the session's capability
        java.util.function.BiFunction<Integer, int[], ecusim.kernel.Message> call = (op, words) ->
                cpu.server().serve(cpu, caller, new ecusim.kernel.Message(op, words, List.of(threadCap)));

        assertEquals(0, call.apply(ecusim.core.Protocol.CPU_PAUSE, new int[0]).label());
        assertTrue(t.paused());
        ecusim.kernel.Message state = call.apply(ecusim.core.Protocol.CPU_GET_STATE, new int[0]);
        assertEquals(17, state.wordCount());
        assertEquals(ecu.kernel().registersOf(t).pc(), state.word(15));

        int[] words = state.words();
        words[4] = 0xCAFE;
        words[16] = 0x1F; // system mode: not the thread's to choose
        assertEquals(0, call.apply(ecusim.core.Protocol.CPU_SET_STATE, words).label());
        assertEquals(0xCAFE, ecu.kernel().registersOf(t).r(4));
        assertEquals(0x10, ecu.kernel().registersOf(t).cpsr() & 0x1F, "the thread stays in user mode");

        var otherThread = ecu.init().component("other").task().capSpace().lookup(ecusim.kernel.Abi.CAP_THREAD);
        var foreign = cpu.server().serve(cpu, t, new ecusim.kernel.Message(ecusim.core.Protocol.CPU_PAUSE, new int[0], List.of(otherThread)));
        assertEquals(-ecusim.kernel.L4Error.INVALID.code(), foreign.label(), "a thread of another component is refused");
        var itself = cpu.server().serve(cpu, t, new ecusim.kernel.Message(ecusim.core.Protocol.CPU_PAUSE, new int[0], List.of(threadCap)));
        assertEquals(-ecusim.kernel.L4Error.INVALID.code(), itself.label(), "a thread does not pause itself: it would never run again");
    }

    @Test
    void callersFindingTheServerBusyQueueAndAreServedInTurn() throws Exception {
        String client = "<binary name=\"pingpong-client\"/> <resource name=\"RAM\" quantum=\"512K\"/>"
                + " <route> <service name=\"Ping\"> <child name=\"server\"/> </service> <any-service> <parent/> </any-service> </route>"
                + " <config rounds=\"50\"/> </start>";
        boot("<start name=\"server\"> <binary name=\"pingpong-server\"/> <resource name=\"RAM\" quantum=\"512K\"/>"
                + " <provides> <service name=\"Ping\"/> </provides> <config work=\"3000\"/> </start>"
                + "<start name=\"a\">" + client + "<start name=\"b\">" + client);
        ecu.runUntil(200_000);
        assertEquals(1, lines("a: 50 round trips ok"), String.join("\n", log));
        assertEquals(1, lines("b: 50 round trips ok"), String.join("\n", log));
        long queued = 0;
        for (String name : List.of("a", "b")) queued += ecu.init().component(name).threads().getFirst().stats().sendWaits();
        assertTrue(queued > 0, "with a busy server and equal priorities, some calls had to wait in its queue");
    }

    @Test
    void aFaultInAManagedDataspaceWaitsForItsHandlerToAttachMemory() throws Exception {
        boot("<start name=\"peek\"> <resource name=\"RAM\" quantum=\"512K\"/> <config address=\"0x50002010\"/> </start>");
        Component peek = ecu.init().component("peek");
        List<Integer> faults = new ArrayList<>();
        Dataspace managed = ecu.core().createManagedDataspace(64 * 1024, "test", (map, offset, write) -> {
            faults.add(offset);
            Dataspace ram = ecu.core().allocateRam(peek, 4096);
            ecu.kernel().cpu().ram().writeInt(ram.frame(0) + 0x10, 0x1234_5678);
            ecu.core().attach(map, ram, offset & ~0xfff, true, false);
        });
        assertEquals(ecusim.kernel.L4Error.OK, ecu.core().attach(peek.regionMap(), managed, 0x5000_0000, true, false).error());
        ecu.runUntil(10_000);
        assertEquals(List.of(0x2010), faults, "the handler saw the offset within the managed dataspace");
        assertEquals(1, lines("peek: read 0x12345678"), String.join("\n", log));
        assertEquals(List.of("peek exited 0"), ends);
    }

    @Test
    void aFaultInAManagedDataspaceNobodyResolvesStopsOnlyThatComponent() throws Exception {
        boot("""
                <start name="peek"> <resource name="RAM" quantum="512K"/> <config address="0x50000000"/> </start>
                <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="3"/> </start>
                """);
        Component peek = ecu.init().component("peek");
        Dataspace managed = ecu.core().createManagedDataspace(4096, "test", (map, offset, write) -> { });
        ecu.core().attach(peek.regionMap(), managed, 0x5000_0000, true, false);
        ecu.runUntil(10_000);
        Thread t = peek.threads().getFirst();
        assertEquals(ThreadState.BLOCKED, t.state(), "waiting for the handler, not stopped");
        assertEquals(1, lines("counter: count 3"), "the sibling runs on");
    }

    @Test
    void anUndefinedInstructionGoesToTheExceptionHandlerWhichMayLetTheThreadContinue() throws Exception {
        boot("<start name=\"undef\"> <resource name=\"RAM\" quantum=\"256K\"/> </start>");
        Thread undef = ecu.init().component("undef").threads().getFirst();
        List<Integer> exceptions = new ArrayList<>();
        var handler = ecu.kernel().createGate(0, (gate, thread, message) -> {
            exceptions.add(message.word(0));
            ecu.kernel().exRegs(thread, message.word(0) + 4, -1); // skip the udf
            return ecusim.kernel.Message.of(0);
        });
        ecu.kernel().setExceptionHandler(undef, handler);
        ecu.runUntil(5_000);
        assertEquals(1, exceptions.size(), "one exception IPC, with the faulting PC");
        assertEquals(1, lines("undef: survived"), String.join("\n", log));
        assertEquals(List.of("undef exited 1"), ends, "undef exits with 1 after surviving");
    }

    @Test
    void aChildWhoseQuotaCannotHoldItsImageIsReportedAndTheOthersStart() throws Exception {
        boot("""
                <start name="tiny"> <binary name="counter"/> <resource name="RAM" quantum="8K"/> </start>
                <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="1"/> </start>
                """);
        ecu.runUntil(5_000);
        assertEquals("tiny stopped: cannot create its task: no room for its 16 KiB translation table: its RAM quota is exhausted",
                ends.getFirst(), "the quota pays for the task's page tables");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("init: child \"tiny\" not started")), log.toString());
        assertEquals(1, lines("counter: count 1"));
    }

    @Test
    void aQuotaThatHoldsThePageTablesButNotTheImageIsReportedAsSuch() throws Exception {
        boot("<start name=\"small\"> <binary name=\"counter\"/> <resource name=\"RAM\" quantum=\"40K\"/> </start>");
        ecu.runUntil(5_000);
        assertTrue(ends.getFirst().startsWith("small stopped: RAM quota of 40960 bytes is too small for its "), ends.toString());
        assertEquals(List.of(), ecu.kernel().tasks(), "nothing of the component is left behind");
        assertEquals(ecu.kernel().frames().totalBytes(), ecu.kernel().frames().freeBytes(), "all its frames went back");
    }

    @Test
    void aSessionRequestWithoutARouteIsDeniedWithAnErrorTheClientHandles() throws Exception {
        boot("<start name=\"client\"> <binary name=\"pingpong-client\"/> <resource name=\"RAM\" quantum=\"512K\"/> </start>");
        ecu.runUntil(5_000);
        assertEquals(1, lines("client: session to Ping failed, error 2"), log.toString());
        assertEquals(List.of("client exited 1"), ends);
    }

    @Test
    void anIdleEcuAdvancesVirtualTimeToItsTimeoutsOnly() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"10\" limit=\"2\"/> </start>");
        assertTrue(ecu.runUntil(15_000));
        assertFalse(ecu.runUntil(1_000_000), "after the counter exits nothing can run");
        assertEquals(List.of("counter exited 0"), ends);
    }

    @Test
    void aGuestCanNeitherWriteUnderAnotherNameNorPassControlCharactersToTheLog() throws Exception {
        boot("<start name=\"ctrl-chars\"> <resource name=\"RAM\" quantum=\"128K\"/> </start>");
        ecu.runUntil(5_000);
        assertTrue(log.contains("ctrl-chars -> init: child \"counter\" exited with exit value 0 (forged)"), String.join("\n", log));
        assertTrue(log.contains("ctrl-chars: \\x1b[2K\\r[ecu0 0.000001] init: child \"counter\" exited with exit value 0"), String.join("\n", log));
        assertTrue(log.stream().noneMatch(l -> l.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e)), String.join("\n", log));
    }

    /**
     * What init's own RAM, the children's quotas and the donations held by core's sessions add up to: it never
     * changes, whatever sessions come and go.
     */
    private long ramInCirculation() {
        long sum = ecu.init().ramAvailable() + ecu.init().ramInCoreSessions();
        for (Component c : ecu.components()) if (!c.destroyed()) sum += c.pd().quota();
        return sum;
    }

    @Test
    void sessionsToAChildsServiceMoveRamBetweenThemButNeverCreateAny() throws Exception {
        boot("""
                <start name="server"> <binary name="pingpong-server"/> <resource name="RAM" quantum="256K"/> <provides> <service name="Ping"/> </provides> </start>
                <start name="client"> <binary name="sessions"/> <resource name="RAM" quantum="256K"/> <config service="Ping"/>
                  <route> <service name="Ping"> <child name="server"/> </service> <any-service> <parent/> </any-service> </route> </start>
                """);
        long total = ramInCirculation();
        ecu.runUntil(2_000);
        assertEquals(1, lines("client: connect Ping with 8K -> error 0, quota 8192 less"), String.join("\n", log));
        assertEquals(1, lines("client: upgrade by 4K -> error 0, quota 12288 less"), String.join("\n", log));
        assertEquals(1, lines("client: close -> error 0, quota 0 less"), String.join("\n", log));
        assertEquals(total, ramInCirculation(), "no RAM was created or lost");
    }

    private static ecusim.kernel.KernelSnapshots.Links links() {
        return new ecusim.kernel.KernelSnapshots.Links() {
            public String nameOf(ecusim.kernel.GateServer server) {
                return server.getClass().getSimpleName();
            }

            public ecusim.kernel.GateServer server(String name) {
                throw new UnsupportedOperationException();
            }

            public String nameOf(ecusim.kernel.RamQuota quota) {
                return String.valueOf(System.identityHashCode(quota));
            }

            public ecusim.kernel.RamQuota quota(String name) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void aSleepCancelledByExRegsNeverAnswersALaterCall() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"50\"/> </start>");
        ecu.runUntil(5_000);
        Thread counter = ecu.init().component("counter").threads().getFirst();
        assertEquals(IpcWait.AWAITING_SERVER, counter.ipcWait(), "asleep in a call to its Timer");
        long before = ecusim.kernel.KernelSnapshots.capture(ecu.kernel(), links()).timeouts().size();
        ecu.kernel().exRegs(counter, -1, -1);
        long after = ecusim.kernel.KernelSnapshots.capture(ecu.kernel(), links()).timeouts().size();
        assertEquals(before - 1, after, "the sleep's alarm went with the cancelled call");
    }

    @Test
    void aThreadBlockedInACallKeepsItsArgumentsInItsRegistersUntilTheReply() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"10\"/> </start>");
        ecu.runUntil(5_000);
        Thread counter = ecu.init().component("counter").threads().getFirst();
        assertEquals(IpcWait.AWAITING_SERVER, counter.ipcWait(), "asleep in a call to its Timer");
        var r = ecu.kernel().registersOf(counter);
        assertEquals(ecusim.core.Protocol.TIMER_SLEEP, ecusim.kernel.Abi.label(r.r(0)), "r0 is still the call's tag");
        assertEquals(ecusim.kernel.Abi.SEND | ecusim.kernel.Abi.RECV, r.r(2) & 0xF, "r2 still the call's flags: it can be issued again from here");
        ecu.runUntil(12_000);
        assertEquals(1, lines("counter: count 1"), "the reply came, with its results, and the counter went on");
    }

    /**
     * What a parent restoring a child does with the kernel's hooks: the counter's thread, asleep in a call to
     * its Timer, is deleted and made again in the same task with its UTCB at the same address and its UTCB's
     * content, registers and a PC back at the system call; it issues the call again and counts on.
     */
    @Test
    void aThreadRemadeFromItsContextAtItsUtcbAddressIssuesItsCallAgainAndCarriesOn() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"2\" limit=\"4\"/> </start>");
        ecu.runUntil(3_000);
        var kernel = ecu.kernel();
        Thread old = ecu.init().component("counter").threads().getFirst();
        var context = kernel.context(old);
        assertTrue(context.pending() instanceof ecusim.kernel.PendingOperation.AwaitingServer, "asleep in a Timer call: " + context.pending());
        byte[] utcb = new byte[4096];
        kernel.cpu().ram().read(old.utcbFrame(), utcb, 0, utcb.length);
        long memoryBefore = old.task().kernelMemory();
        kernel.deleteThread(old);
        assertEquals(memoryBefore - 4096 - ecusim.kernel.KernelObjectSizes.THREAD, old.task().kernelMemory(), "its UTCB page and control block went back");
        assertTrue(kernel.objects().stream().noneMatch(o -> o == old), "the kernel forgot it");
        assertEquals(null, old.task().capSpace().lookup(ecusim.kernel.Abi.CAP_THREAD), "the capability to it is revoked");

        var made = kernel.createThread(old.task(), "counter again", old.priority(), old.utcbAddress());
        assertTrue(made.ok(), made.reason());
        Thread again = made.object();
        assertEquals(old.utcbAddress(), again.utcbAddress());
        kernel.cpu().ram().write(again.utcbFrame(), utcb, 0, utcb.length);
        kernel.setPager(again, old.pager());
        var r = context.registers();
        var atTheCall = r.with(15, r.pc() - (r.thumb() ? 2 : 4));
        assertEquals(ecusim.kernel.L4Error.OK, kernel.setContext(again, new ecusim.kernel.ThreadContext(atTheCall, ThreadState.READY, false,
                ecusim.kernel.PendingOperation.NONE, -1, context.sliceLeft())));
        ecu.runUntil(20_000);
        assertEquals(1, lines("counter: count 4"), String.join("\n", log));
        assertEquals(List.of("counter exited 0"), ends);
    }

    @Test
    void aContextTheKernelCannotEnterIsRefused() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"2\" limit=\"4\"/> </start>");
        ecu.runUntil(3_000);
        Thread t = ecu.init().component("counter").threads().getFirst();
        var context = ecu.kernel().context(t);
        assertEquals(ecusim.kernel.L4Error.INVALID, ecu.kernel().setContext(t, new ecusim.kernel.ThreadContext(context.registers(), ThreadState.BLOCKED,
                false, new ecusim.kernel.PendingOperation.ReceivingIrq(ecu.kernel().createIrq()), -1, 0)), "a wait on a signal not attached to it");
        assertEquals(ecusim.kernel.L4Error.INVALID, ecu.kernel().setContext(t, new ecusim.kernel.ThreadContext(context.registers(), ThreadState.BLOCKED,
                false, ecusim.kernel.PendingOperation.SLEEPING, -1, 0)), "a sleep needs its deadline");
        assertEquals(IpcWait.AWAITING_SERVER, t.ipcWait(), "a refused context changes nothing");
    }

    @Test
    void aClosedSessionLeavesNothingBehindAndItsCapabilitiesAreRevoked() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"10\"/> </start>");
        Component counter = ecu.init().component("counter");
        int before = ecu.kernel().objects().size();
        var timer = ecu.core().openSession("Timer", counter, "");
        assertEquals(ecusim.kernel.L4Error.OK, ecu.kernel().install(counter.task(), 100, timer.gate(), new ecusim.kernel.Rights(ecusim.kernel.Rights.W)));
        assertEquals(before + 2, ecu.kernel().objects().size(), "the session's gate and its alarm");
        ecu.core().closeSession(timer.gate());
        assertEquals(before, ecu.kernel().objects().size(), "gate and alarm are gone");
        assertEquals(null, counter.task().capSpace().lookup(100), "the client's capability to the session is revoked");
    }

    /**
     * A destroyed component's factory goes with what it made, except what another task still holds a
     * capability to: that stays while the holder lives, and goes with it.
     */
    @Test
    void whatADestroyedComponentMadeGoesWhenNothingReachesIt() throws Exception {
        boot("""
                <start name="short"> <binary name="counter"/> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="2"/> </start>
                <start name="long"> <binary name="counter"/> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="6"/> </start>
                <start name="keeps"> <binary name="counter"/> <resource name="RAM" quantum="512K"/> <config period_ms="10"/> </start>
                """);
        Component shortLived = ecu.init().component("short"), longLived = ecu.init().component("long");
        ecusim.kernel.Factory factory = shortLived.pd().factory();
        Thread thread = shortLived.threads().getFirst();
        ecusim.kernel.IpcGate held = factory.createGate(7, thread);
        ecusim.kernel.Irq unheld = factory.createIrq(thread, 8);
        assertEquals(ecusim.kernel.L4Error.OK, ecu.kernel().install(longLived.task(), 100, held, ecusim.kernel.Rights.ALL));
        ecu.runUntil(4_000);
        assertTrue(ends.contains("short exited 0"), ends.toString());
        List<ecusim.kernel.KernelObject> objects = ecu.kernel().objects();
        assertTrue(objects.contains(held), "the gate another task holds stays");
        assertTrue(objects.contains(factory), "and so does its factory");
        assertFalse(objects.contains(unheld), "the IRQ nothing reaches is gone");
        ecu.runUntil(10_000);
        assertTrue(ends.contains("long exited 0"), ends.toString());
        assertFalse(ecu.kernel().objects().contains(held), "its last holder is gone, and so is the gate");
        assertFalse(ecu.kernel().objects().contains(factory), "and the factory, with nothing left");
        assertTrue(ecu.snapshot().kernel().factories().stream().noneMatch(f -> f.id() == factory.id().value()), "a snapshot has neither");
    }

    @Test
    void aPausedThreadDoesNotHideADeadlockElsewhere() throws Exception {
        String pair = """
                <start name="a"> <binary name="deadlock"/> <resource name="RAM" quantum="128K"/> <provides> <service name="A"/> </provides>
                  <config need="B" provide="A"/> <route> <service name="B"> <child name="b"/> </service> <any-service> <parent/> </any-service> </route> </start>
                <start name="b"> <binary name="deadlock"/> <resource name="RAM" quantum="128K"/> <provides> <service name="B"/> </provides>
                  <config need="A" provide="B"/> <route> <service name="A"> <child name="a"/> </service> <any-service> <parent/> </any-service> </route> </start>
                <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="10"/> </start>
                """;
        boot(pair);
        ecu.runUntil(5_000);
        ecu.kernel().pause(ecu.init().component("counter").threads().getFirst());
        ecu.runUntil(50_000);
        assertTrue(log.contains("kernel: deadlock: every thread is blocked or paused and nothing can wake them (3 threads)"), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("kernel: deadlock: \"counter\"") && l.endsWith("to be resumed")), String.join("\n", log));
    }

    @Test
    void anIdleServerAloneIsNoDeadlock() throws Exception {
        boot("<start name=\"server\"> <binary name=\"pingpong-server\"/> <resource name=\"RAM\" quantum=\"256K\"/> <provides> <service name=\"Ping\"/> </provides> </start>");
        ecu.runUntil(5_000);
        assertTrue(log.stream().noneMatch(l -> l.startsWith("kernel: deadlock")), String.join("\n", log));
    }
}
