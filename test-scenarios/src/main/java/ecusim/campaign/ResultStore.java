package ecusim.campaign;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A campaign's results in an embedded DuckDB file, one row per experiment keyed by (campaign, id): written
 * through the Appender inside explicit transactions (a batch is in the file whole or not at all, so a killed
 * campaign resumes after its last batch and never records an experiment twice). Extension auto-install and
 * auto-load are off: nothing is downloaded at run time.
 */
public final class ResultStore implements AutoCloseable {
    /** A stored row. */
    public record Row(int id, long instruction, int run, String location, int bit, String outcome, String detail) {}

    private final DuckDBConnection connection;

    private ResultStore(DuckDBConnection connection) {
        this.connection = connection;
    }

    /** Opens (or creates) the store at {@code file}. */
    public static ResultStore open(Path file) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS experiments (campaign VARCHAR NOT NULL, id INTEGER NOT NULL, instruction BIGINT NOT NULL,"
                    + " run INTEGER NOT NULL, location VARCHAR NOT NULL, bit INTEGER NOT NULL, outcome VARCHAR NOT NULL, detail VARCHAR NOT NULL,"
                    + " PRIMARY KEY (campaign, id))");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = 'experiments' AND column_name = 'run'")) {
                r.next();
                if (r.getLong(1) != 1) throw new SQLException("its experiments table was written by an older ecusim (no run column): remove the file or choose another --out");
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new ResultStore(c.unwrap(DuckDBConnection.class));
    }

    /** The ids of {@code campaign}'s experiments already stored. */
    public Set<Integer> done(String campaign) throws SQLException {
        Set<Integer> ids = new HashSet<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT id FROM experiments WHERE campaign = ?")) {
            q.setString(1, campaign);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) ids.add(r.getInt(1));
            }
        }
        return ids;
    }

    /** Stores {@code results} in one transaction. */
    public void append(String campaign, List<ExperimentResult> results) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN TRANSACTION");
            try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "experiments")) {
                for (ExperimentResult r : results) {
                    appender.beginRow();
                    appender.append(campaign);
                    appender.append(r.experiment().id());
                    appender.append(r.experiment().instruction());
                    appender.append(r.experiment().run());
                    appender.append(r.experiment().location());
                    appender.append(r.experiment().fault().bit());
                    appender.append(r.outcome().name());
                    appender.append(r.detail());
                    appender.endRow();
                }
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw e;
            }
            s.execute("COMMIT");
        }
    }

    /**
     * {@code campaign}'s rows in the order of their ids as a Parquet file's bytes (DuckDB's own writer, built
     * in: nothing is loaded), written through {@code scratch}, which is removed again.
     */
    public byte[] parquet(String campaign, Path scratch, java.util.function.IntToLongFunction weights) throws SQLException, java.io.IOException {
        if (!campaign.matches("[A-Za-z0-9_.-]{1,64}")) throw new IllegalArgumentException("campaign name " + campaign);
        String to = scratch.toAbsolutePath().toString();
        if (to.contains("'")) throw new IllegalArgumentException("a scratch path with a quote: " + to);
        try (Statement s = connection.createStatement()) {
            String select = "SELECT id, instruction, run, location, bit, outcome, detail FROM experiments WHERE campaign = '" + campaign + "'";
            if (weights != null) { // an enumerated campaign's class sizes, which only the plan knows, joined in a temporary table
                s.execute("CREATE OR REPLACE TEMP TABLE weights (id INTEGER PRIMARY KEY, weight BIGINT NOT NULL)");
                try (DuckDBAppender appender = connection.createAppender("temp", "main", "weights")) {
                    for (int id : done(campaign)) {
                        appender.beginRow();
                        appender.append(id);
                        appender.append(weights.applyAsLong(id));
                        appender.endRow();
                    }
                }
                select = "SELECT e.id, e.instruction, e.run, e.location, e.bit, e.outcome, e.detail, w.weight FROM experiments e JOIN weights w ON e.id = w.id"
                        + " WHERE e.campaign = '" + campaign + "'";
            }
            s.execute("SET threads = 1"); // one writer: the file's row groups do not depend on the host's cores
            s.execute("COPY (" + select + " ORDER BY 1) TO '" + to + "' (FORMAT PARQUET)");
            return java.nio.file.Files.readAllBytes(scratch);
        } finally {
            java.nio.file.Files.deleteIfExists(scratch);
        }
    }

    /** {@code campaign}'s rows in the order of their ids. */
    public List<Row> rows(String campaign) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT id, instruction, run, location, bit, outcome, detail FROM experiments WHERE campaign = ? ORDER BY id")) {
            q.setString(1, campaign);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) rows.add(new Row(r.getInt(1), r.getLong(2), r.getInt(3), r.getString(4), r.getInt(5), r.getString(6), r.getString(7)));
            }
        }
        return rows;
    }

    /** How many rows share each (campaign, id) at most: 1 in a sound store. */
    public long mostRowsPerKey() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM experiments GROUP BY campaign, id)")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
