package ecusim.campaign.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.campaign.ResultStore;
import ecusim.cli.Cli;
import ecusim.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same campaign on Spark {@code local[2]}, through two shards merged, and on two worker threads gives the same result files. */
class SparkCampaignTest {
    private static final String SCENARIO = ecusim.campaign.CampaignScenarios.SMALL_CRC;

    @Test
    void sparkLocal2AndTwoMergedShardsGiveTheResultsOfTheCampaignRunOnWorkerThreads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), SCENARIO);
        Path file = dir.resolve("crc-memory.xml");
        Files.writeString(file, "<campaign name=\"crc-memory\" scenario=\"crc.xml\" component=\"crc\" experiments=\"120\" snapshots=\"4\" space=\"memory\"/>\n");
        Path threads = dir.resolve("threads"), spark = dir.resolve("spark"), merged = dir.resolve("merged");

        Cli.Result t = Cli.ecusim("campaign", file.toString(), "--out", threads.toString(), "--jobs", "2");
        assertEquals(0, t.exitCode(), t.err());
        // Groups of 25: five Spark tasks, in two waves on local[2].
        Cli.Result s = Cli.ecusim("campaign", file.toString(), "--out", spark.toString(), "--spark", "local[2]", "--group-size", "25");
        assertEquals(0, s.exitCode(), s.err());
        assertTrue(s.out().contains("120 of 120 experiments done"), s.out());
        for (String shard : List.of("0/2", "1/2")) {
            Cli.Result r = Cli.ecusim("campaign", file.toString(), "--out", dir.resolve("shard" + shard.charAt(0)).toString(), "--shard", shard, "--jobs", "1");
            assertEquals(0, r.exitCode(), r.err());
        }
        Cli.Result m = Cli.ecusim("campaign", file.toString(), "--out", merged.toString(), "--merge", dir.resolve("shard0").toString(), "--merge",
                dir.resolve("shard1").toString());
        assertEquals(0, m.exitCode(), m.err());
        assertTrue(m.err().contains("120 stored, 0 to run"), m.err());

        for (String name : List.of("results.csv", "results.parquet", "summary.json", "outcomes.png")) {
            assertArrayEquals(Files.readAllBytes(threads.resolve(name)), Files.readAllBytes(spark.resolve(name)), "Spark: " + name);
            assertArrayEquals(Files.readAllBytes(threads.resolve(name)), Files.readAllBytes(merged.resolve(name)), "shards: " + name);
        }
        try (ResultStore store = ResultStore.open(spark.resolve("results.duckdb"))) {
            assertEquals(120, store.rows("crc-memory").size());
            assertEquals(1, store.mostRowsPerKey());
        }
    }

    @Test
    void anUnusableMasterUrlIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), SCENARIO);
        Path file = dir.resolve("c.xml");
        Files.writeString(file, "<campaign name=\"c\" scenario=\"crc.xml\" component=\"crc\" experiments=\"4\" snapshots=\"2\"/>\n");
        Cli.Result r = Cli.ecusim("campaign", file.toString(), "--out", dir.resolve("out").toString(), "--spark", "nonsense://nowhere");
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode(), r.out());
        assertTrue(r.err().contains("ecusim: --spark nonsense://nowhere: Could not parse Master URL"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
