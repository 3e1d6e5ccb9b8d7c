package ecusim.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.fault.FaultLocation;
import ecusim.scenario.ScenarioReader;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Def/use pruning of memory and register faults changes no experiment's outcome, and spares runs. */
class DefUseTest {
    private static CampaignRunner runner;
    private static DefUse defUse;
    private static RegisterDefUse registers;

    @BeforeAll
    static void goldenRunAndTrace() throws Exception {
        runner = CampaignRunner.prepare(ScenarioReader.read("crc-campaign.xml", CampaignScenarios.SMALL_CRC), "crc", 8);
        defUse = runner.traceDefUse();
        registers = runner.traceRegisterDefUse();
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    private static List<Experiment> memoryExperiments(long seed, int count) {
        return new FaultSpace(FaultSpace.Kind.MEMORY, runner.targetInstructions(), runner.writablePages(), 1).sample(seed, count);
    }

    private static int address(Experiment e) {
        return ((FaultLocation.MemoryByte) e.fault().location()).address();
    }

    /**
     * The property the pruning rests on, over seeds: a fault said never to be read runs OK, and one said to
     * be in a class gives, injected at the class's instruction instead, the outcome and detail it gives where
     * it was drawn.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aPrunedFaultGivesTheOutcomeOfTheFaultItStandsFor(long seed) {
        assertEachStandsForItsClass(defUse, memoryExperiments(seed, 40));
    }

    /** Runs each experiment where it was drawn, and where its class says, and compares. */
    private static void assertEachStandsForItsClass(FaultClasses classes, List<Experiment> experiments) {
        for (Experiment e : experiments) {
            ExperimentResult drawn = runner.run(e, true);
            switch (classes.verdict(e.instruction(), e.fault().location())) {
                case DefUse.Unread u -> assertEquals(Outcome.OK, drawn.outcome(), e + ": " + u.why() + ", yet " + drawn);
                case DefUse.Represented r -> {
                    assertTrue(r.instruction() >= e.instruction(), e + " represented earlier, at " + r.instruction());
                    ExperimentResult represented = runner.run(new Experiment(e.id(), r.instruction(), 0, e.fault()), true);
                    assertEquals(drawn.outcome(), represented.outcome(), e + " stands for its class at " + r.instruction());
                    assertEquals(drawn.detail(), represented.detail(), e + " stands for its class at " + r.instruction());
                }
            }
        }
    }

    /** The same property for flips of r0-r14 and the PC, pruned by the registers' def/use. */
    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6})
    void aPrunedRegisterFaultGivesTheOutcomeOfTheFaultItStandsFor(long seed) {
        assertEachStandsForItsClass(registers, new FaultSpace(runner.targetInstructions()).sample(seed, 40));
    }

    /**
     * A target still running at the scenario's end: a flip it never reads again stays in its final state, a
     * latent SDC (the same output, other registers or memory), and the pruning stands for that too.
     */
    @Test
    void aFlipLeftInTheFinalStateOfATargetAliveAtTheEndIsALatentSdcAndPrunedAsSuch() throws Exception {
        String longer = CampaignScenarios.SMALL_CRC.replace("bytes=\"2048\"", "bytes=\"65536\"").replace("until_ms=\"4\"", "until_ms=\"1\"");
        try (CampaignRunner alive = CampaignRunner.prepare(ScenarioReader.read("alive.xml", longer), "crc", 4)) {
            assertTrue(alive.aliveAtEnd());
            DefUse memory = alive.traceDefUse();
            RegisterDefUse registers = alive.traceRegisterDefUse();
            List<Experiment> flips = new java.util.ArrayList<>(new FaultSpace(FaultSpace.Kind.MEMORY, alive.targetInstructions(), alive.writablePages(), 1).sample(3, 25));
            flips.addAll(new FaultSpace(alive.targetInstructions()).sample(3, 25));
            int latent = 0;
            for (Experiment e : flips) {
                ExperimentResult drawn = alive.run(e, true);
                if (drawn.detail().startsWith("latent")) latent++;
                FaultClasses classes = e.fault().location() instanceof FaultLocation.MemoryByte ? memory : registers;
                switch (classes.verdict(e.instruction(), e.fault().location())) {
                    case DefUse.Unread u -> assertEquals(Outcome.OK, drawn.outcome(), e + ": " + u.why() + ", yet " + drawn);
                    case DefUse.Represented r -> assertEquals(drawn, alive.run(new Experiment(e.id(), r.instruction(), 0, e.fault()), true).withExperiment(e),
                            e + " stands for its class at " + r.instruction());
                }
            }
            assertTrue(latent > 0, "no latent SDC among " + flips.size());
        }
    }

    /** Register classes: some flips are overwritten unseen, and the census covers r0-r14 at every count. */
    @Test
    void registerFlipsThatTheCodeOverwritesFirstAreKnownOk() {
        DefUse.Census census = registers.census(runner.targetInstructions());
        assertEquals(runner.targetInstructions() * 15, census.points());
        assertTrue(census.knownOkShare() > 0.05 && census.knownOkShare() < 1, "known OK share " + census.knownOkShare());
        assertTrue(new FaultSpace(runner.targetInstructions()).sample(8, 300).stream()
                .anyMatch(e -> registers.verdict(e.instruction(), e.fault().location()) instanceof DefUse.Unread u && u.why().startsWith("overwritten")));
    }

    @Test
    void theTracedRunIsTheGoldenRunAndFindsFaultsNeverRead() {
        assertTrue(defUse.byteAccesses() > 0);
        DefUse.Census census = defUse.census(runner.targetInstructions());
        assertTrue(census.knownOkShare() > 0.05 && census.knownOkShare() < 1, "known OK share " + census.knownOkShare());
        assertTrue(census.classes() > 0);
        long unread = memoryExperiments(9, 200).stream().filter(e -> defUse.verdict(e.instruction(), address(e)) instanceof DefUse.Unread).count();
        assertTrue(unread > 0 && unread < 200, unread + " of 200 never read");
    }

    /**
     * experiments="all": every def/use class once, eight bits each; the classes' sizes and the points known OK
     * add up to the whole space exactly, and every point of the space falls into a class enumerated (or is
     * known OK).
     */
    @Test
    void theEnumeratedClassesPartitionTheWholeSpace() throws Exception {
        CampaignSpec spec = new CampaignSpec("all.xml", "all", java.nio.file.Path.of("crc-campaign.xml"), "crc", 0, java.util.OptionalLong.empty(), 8,
                FaultSpace.Kind.MEMORY, true, FaultSpace.Model.FLIP);
        CampaignPlan plan = CampaignPlan.of(spec, ScenarioReader.read("crc-campaign.xml", CampaignScenarios.SMALL_CRC), runner).withDefUse(spec, runner);
        CampaignPlan.Enumeration e = plan.enumeration().orElseThrow();
        assertEquals(defUse.census(runner.targetInstructions()).classes() * 8, plan.experiments().size());
        long sum = e.knownOk();
        for (long w : e.weights()) sum += w;
        assertEquals(plan.space().size(), sum);
        java.util.Set<List<Long>> enumerated = new java.util.HashSet<>();
        for (Experiment x : plan.experiments()) enumerated.add(List.of(x.instruction(), (long) address(x), (long) x.fault().bit()));
        for (Experiment x : memoryExperiments(31, 300)) {
            if (defUse.verdict(x.instruction(), address(x)) instanceof DefUse.Represented r) {
                assertTrue(enumerated.contains(List.of(r.instruction(), (long) address(x), (long) x.fault().bit())), x + " falls into no enumerated class");
            }
        }
    }

    /** A store before any load of the byte kills the flip: its class is known OK; a load right after makes it run there. */
    @Test
    void aStoreKillsTheFlipAndALoadRepresentsItsClass() {
        int va = runner.writablePages().getFirst();
        boolean sawOverwrite = false, sawLoad = false;
        for (Experiment e : memoryExperiments(21, 400)) {
            DefUse.Verdict v = defUse.verdict(e.instruction(), address(e));
            if (v instanceof DefUse.Unread u && u.why().startsWith("overwritten at instruction ")) sawOverwrite = true;
            if (v instanceof DefUse.Represented) sawLoad = true;
        }
        assertTrue(sawOverwrite && sawLoad, "verdicts of both kinds in crc (page 0x" + Integer.toHexString(va) + " first)");
    }
}
