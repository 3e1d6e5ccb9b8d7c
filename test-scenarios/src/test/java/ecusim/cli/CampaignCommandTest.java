package ecusim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.campaign.ResultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ecusim campaign}: resumable, parallel, and the same results however it was run. */
class CampaignCommandTest {
    private static final String SCENARIO = ecusim.campaign.CampaignScenarios.SMALL_CRC;

    private static Path campaign(Path dir) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), SCENARIO);
        Path file = dir.resolve("crc-regs.xml");
        Files.writeString(file, "<campaign name=\"crc-regs\" scenario=\"crc.xml\" component=\"crc\" experiments=\"150\" snapshots=\"4\"/>\n");
        return file;
    }

    /**
     * A campaign stopped after 40 experiments (as a killed one keeps its stored batches) and run again on two
     * workers stores each experiment once, and its result files equal those of one uninterrupted run on one.
     */
    @Test
    void aStoppedCampaignResumesWithoutDuplicatesAndGivesTheResultsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path file = campaign(dir), resumed = dir.resolve("resumed"), whole = dir.resolve("whole");
        Cli.Result first = Cli.ecusim("campaign", file.toString(), "--out", resumed.toString(), "--stop-after", "40", "--jobs", "2");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("40 of 150 experiments done"), first.out());
        Cli.Result second = Cli.ecusim("campaign", file.toString(), "--out", resumed.toString(), "--jobs", "2");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("40 stored, 110 to run"), second.err());
        Cli.Result uninterrupted = Cli.ecusim("campaign", file.toString(), "--out", whole.toString(), "--jobs", "1");
        assertEquals(0, uninterrupted.exitCode(), uninterrupted.err());
        for (String name : List.of("results.csv", "results.parquet", "summary.json", "outcomes.png")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(name)), Files.readAllBytes(resumed.resolve(name)), name);
        }
        assertTrue(new String(Files.readAllBytes(whole.resolve("results.parquet")), 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1"));
        try (ResultStore store = ResultStore.open(resumed.resolve("results.duckdb"))) {
            assertEquals(150, store.rows("crc-regs").size());
            assertEquals(1, store.mostRowsPerKey());
        }
        assertEquals(151, Files.readAllLines(whole.resolve("results.csv")).size());
    }

    /** Two shards run apart and merged give the result files of the campaign run whole. */
    @Test
    void twoShardsMergedGiveTheResultsOfTheWholeCampaign(@TempDir Path dir) throws Exception {
        Path file = campaign(dir), whole = dir.resolve("whole"), merged = dir.resolve("merged");
        List<String> shards = List.of("0/2", "1/2");
        for (String shard : shards) {
            Path out = dir.resolve("shard" + shard.charAt(0));
            Cli.Result r = Cli.ecusim("campaign", file.toString(), "--out", out.toString(), "--shard", shard, "--jobs", "1");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("75 of 75 experiments done"), r.out());
        }
        Cli.Result m = Cli.ecusim("campaign", file.toString(), "--out", merged.toString(), "--merge", dir.resolve("shard0").toString(), "--merge",
                dir.resolve("shard1").toString());
        assertEquals(0, m.exitCode(), m.err());
        assertTrue(m.err().contains("150 stored, 0 to run"), m.err());
        Cli.Result w = Cli.ecusim("campaign", file.toString(), "--out", whole.toString(), "--jobs", "2");
        assertEquals(0, w.exitCode(), w.err());
        for (String name : List.of("results.csv", "results.parquet", "summary.json", "outcomes.png")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(name)), Files.readAllBytes(merged.resolve(name)), name);
        }
    }

    @Test
    void aShardOfAnotherCampaignIsRefusedAtMerge(@TempDir Path dir) throws Exception {
        Path file = campaign(dir), shard = dir.resolve("shard0");
        Cli.Result r = Cli.ecusim("campaign", file.toString(), "--out", shard.toString(), "--shard", "0/2", "--jobs", "1", "--stop-after", "5");
        assertEquals(0, r.exitCode(), r.err());
        Path other = dir.resolve("other.xml");
        Files.writeString(other, "<campaign name=\"crc-regs\" scenario=\"crc.xml\" component=\"crc\" experiments=\"150\" snapshots=\"4\" seed=\"99\"/>\n");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of("--merge: experiment #", "not this campaign's"), "campaign",
                other.toString(), "--out", dir.resolve("out").toString(), "--merge", shard.toString());
    }

    /** Results stored by a campaign file that was edited since (another seed) are refused, not mixed with this one's. */
    @Test
    void resumingIntoTheResultsOfAnEditedCampaignFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = campaign(dir), out = dir.resolve("out");
        assertEquals(0, Cli.ecusim("campaign", file.toString(), "--out", out.toString(), "--stop-after", "5", "--jobs", "1").exitCode());
        Files.writeString(file, "<campaign name=\"crc-regs\" scenario=\"crc.xml\" component=\"crc\" experiments=\"150\" snapshots=\"4\" seed=\"99\"/>\n");
        Cli.Result r = Cli.ecusim("campaign", file.toString(), "--out", out.toString(), "--jobs", "1");
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("resume: experiment #") && r.err().contains("not this campaign's"), r.err());
        Cli.noStackTrace(r);
    }

    @Test
    void aMalformedShardIsRefused(@TempDir Path dir) throws Exception {
        Path file = campaign(dir);
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of("--shard 2/2: expected I/N with 0 <= I < N"), "campaign",
                file.toString(), "--out", dir.resolve("out").toString(), "--shard", "2/2");
    }

    @Test
    void aCampaignFileWithAnUnknownAttributeIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.xml");
        Files.writeString(file, "<!-- a campaign -->\n<campaign name=\"x\" scenario=\"crc.xml\" component=\"crc\" experiments=\"5\" colour=\"red\"/>\n");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of(file + ":2", "colour"), "campaign", file.toString(), "--out",
                dir.resolve("out").toString());
    }

    @Test
    void aCampaignOnAComponentTheScenarioLacksIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), SCENARIO);
        Path file = dir.resolve("c.xml");
        Files.writeString(file, "<campaign name=\"c\" scenario=\"crc.xml\" component=\"matrix\" experiments=\"5\"/>\n");
        Cli.Result r = Cli.ecusim("campaign", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("no component \"matrix\""), r.err());
        Cli.noStackTrace(r);
    }

    /** The campaigns the README runs stay valid: their files and their scenario read without complaint. */
    @Test
    void theShippedCampaignsAndTheirScenarioRead() throws Exception {
        var registers = ecusim.campaign.CampaignSpec.read(Path.of("campaigns", "crc-regs.xml"));
        var memory = ecusim.campaign.CampaignSpec.read(Path.of("campaigns", "crc-memory.xml"));
        assertEquals(ecusim.campaign.FaultSpace.Kind.REGISTERS, registers.space());
        assertEquals(ecusim.campaign.FaultSpace.Kind.MEMORY, memory.space());
        assertEquals("crc-campaign", ecusim.scenario.ScenarioReader.read(registers.scenario()).name());
        assertEquals(registers.scenario(), memory.scenario());
    }

    @Test
    void anUnknownFaultSpaceIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.xml");
        Files.writeString(file, "<campaign name=\"x\" scenario=\"crc.xml\" component=\"crc\" experiments=\"5\" space=\"cache\"/>\n");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of(file + ":1", "space=\"cache\": registers, vfp or memory"), "campaign",
                file.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void defUsePruningOfVfpFaultsIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.xml");
        Files.writeString(file, "<campaign name=\"x\" scenario=\"crc.xml\" component=\"crc\" experiments=\"5\" space=\"vfp\" pruning=\"def-use\"/>\n");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of(file + ":1", "covers memory and register faults, not VFP ones"), "campaign",
                file.toString(), "--out", dir.resolve("out").toString());
    }

    /**
     * A memory or register campaign pruned by def/use (the default) gives every experiment the outcome the
     * unpruned campaign gives it, runs fewer, and, stopped and resumed, stores what it stores uninterrupted
     * (classes whose first member was stored before the stop take its result).
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "registers"})
    void aPrunedCampaignGivesEveryExperimentTheOutcomeOfTheUnprunedOne(String space, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), SCENARIO);
        Path pruned = dir.resolve("pruned.xml"), unpruned = dir.resolve("unpruned.xml");
        String campaign = "<campaign name=\"m\" scenario=\"crc.xml\" component=\"crc\" experiments=\"150\" snapshots=\"4\" space=\"" + space + "\" seed=\"5\"";
        Files.writeString(pruned, campaign + "/>\n");
        Files.writeString(unpruned, campaign + " pruning=\"none\"/>\n");
        Path whole = dir.resolve("whole"), resumed = dir.resolve("resumed"), all = dir.resolve("all");
        Cli.Result p = Cli.ecusim("campaign", pruned.toString(), "--out", whole.toString(), "--jobs", "2");
        assertEquals(0, p.exitCode(), p.err());
        java.util.regex.Matcher known = java.util.regex.Pattern.compile("def/use: (\\d+) of them known OK without a run.* in ([\\d,]+) classes").matcher(p.err());
        assertTrue(known.find() && Integer.parseInt(known.group(2).replace(",", "")) < 150, "fewer runs than experiments: " + p.err());
        Cli.Result u = Cli.ecusim("campaign", unpruned.toString(), "--out", all.toString(), "--jobs", "2");
        assertEquals(0, u.exitCode(), u.err());
        assertTrue(!u.err().contains("def/use"), u.err());
        assertEquals(outcomes(all), outcomes(whole));
        assertEquals(0, Cli.ecusim("campaign", pruned.toString(), "--out", resumed.toString(), "--stop-after", "40").exitCode());
        assertEquals(0, Cli.ecusim("campaign", pruned.toString(), "--out", resumed.toString(), "--jobs", "2").exitCode());
        assertEquals(Files.readString(whole.resolve("results.csv")), Files.readString(resumed.resolve("results.csv")));
        assertEquals(Files.readString(whole.resolve("summary.json")), Files.readString(resumed.resolve("summary.json")));
    }

    /** Stuck-at faults: each experiment holds its bit at a drawn value; the results say which, the summary for how long. */
    @Test
    void aStuckAtCampaignHoldsBitsAndSaysWhichValue(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), SCENARIO);
        Path file = dir.resolve("s.xml"), out = dir.resolve("out");
        Files.writeString(file, "<campaign name=\"s\" scenario=\"crc.xml\" component=\"crc\" experiments=\"30\" snapshots=\"4\" fault=\"stuck-at\" duration=\"200\"/>\n");
        Cli.Result r = Cli.ecusim("campaign", file.toString(), "--out", out.toString(), "--jobs", "2");
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(31, rows.size());
        assertTrue(rows.stream().skip(1).allMatch(l -> l.contains(" stuck-at-0,") || l.contains(" stuck-at-1,")), rows.toString());
        assertTrue(rows.stream().anyMatch(l -> l.contains(" stuck-at-0,")) && rows.stream().anyMatch(l -> l.contains(" stuck-at-1,")), rows.toString());
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"fault_model\" : \"stuck-at, 200 instructions\""));
    }

    @Test
    void stuckAtFaultsIntoAReplicatedComponentAreRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), SCENARIO.replace("<config bytes=\"2048\" seed=\"1\"/>", "<config bytes=\"2048\" seed=\"1\"/> <replication mode=\"dwc\"/>"));
        Path file = dir.resolve("s.xml");
        Files.writeString(file, "<campaign name=\"s\" scenario=\"crc.xml\" component=\"crc\" experiments=\"5\" fault=\"stuck-at\"/>\n");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of("component \"crc\": is replicated: stuck-at faults go into components that run once"),
                "campaign", file.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void aDurationForFlipsIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.xml");
        Files.writeString(file, "<campaign name=\"x\" scenario=\"crc.xml\" component=\"crc\" experiments=\"5\" duration=\"10\"/>\n");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of(file + ":1", "duration: for fault=\"stuck-at\" only"), "campaign",
                file.toString(), "--out", dir.resolve("out").toString());
    }

    /** experiments="all" runs each def/use class once and reports exact shares of the points it covered. */
    @Test
    void anEnumeratedCampaignReportsExactSharesOfTheSpaceItCovered(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), SCENARIO);
        Path file = dir.resolve("all.xml"), out = dir.resolve("out");
        Files.writeString(file, "<campaign name=\"all\" scenario=\"crc.xml\" component=\"crc\" experiments=\"all\" snapshots=\"4\" space=\"memory\"/>\n");
        Cli.Result r = Cli.ecusim("campaign", file.toString(), "--out", out.toString(), "--stop-after", "40", "--jobs", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("every def/use class once:"), r.out());
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"enumerated\"") && summary.contains("\"share_of_covered_points\""), summary);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("id,instruction,run,location,bit,outcome,detail,weight", rows.getFirst());
        assertEquals(41, rows.size());
    }

    @Test
    void enumeratingRegisterFaultsIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.xml");
        Files.writeString(file, "<campaign name=\"x\" scenario=\"crc.xml\" component=\"crc\" experiments=\"all\"/>\n");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of(file + ":1", "experiments=\"all\" enumerates def/use classes"), "campaign",
                file.toString(), "--out", dir.resolve("out").toString());
    }

    /** id, instruction, run, location, bit and outcome of each row: what pruning must leave as it is. */
    private static List<String> outcomes(Path out) throws Exception {
        return Files.readAllLines(out.resolve("results.csv")).stream().map(l -> String.join(",", java.util.Arrays.copyOf(l.split(",", -1), 6))).toList();
    }

    /** Fast-forward by in-place restore changes no result: a campaign booting a fresh ECU per experiment stores the same. */
    @Test
    void aCampaignFromBootGivesTheResultsOfOneFastForwarded(@TempDir Path dir) throws Exception {
        Path file = campaign(dir), fast = dir.resolve("fast"), booted = dir.resolve("booted");
        assertEquals(0, Cli.ecusim("campaign", file.toString(), "--out", fast.toString(), "--stop-after", "30").exitCode());
        Cli.Result r = Cli.ecusim("campaign", file.toString(), "--out", booted.toString(), "--stop-after", "30", "--from-boot");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("each from a fresh boot"), r.err());
        assertEquals(Files.readString(fast.resolve("results.csv")), Files.readString(booted.resolve("results.csv")));
    }

    /** A target that cannot start (its RAM quota is too small) is the campaign's input error, not a crash of ecusim. */
    @Test
    void aTargetThatDoesNotStartIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), SCENARIO.replace("quantum=\"1M\"", "quantum=\"8K\""));
        Path file = dir.resolve("c.xml");
        Files.writeString(file, "<campaign name=\"c\" scenario=\"crc.xml\" component=\"crc\" experiments=\"5\"/>\n");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of("component \"crc\" did not start"), "campaign", file.toString(),
                "--out", dir.resolve("out").toString());
    }
}
