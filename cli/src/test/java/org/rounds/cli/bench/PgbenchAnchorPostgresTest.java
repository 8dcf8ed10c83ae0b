package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.store.Database;
import org.rounds.testpeers.PostgresServer;

/**
 * The anchor's statements find their rows by the keys the broker's do: on a store migrated to
 * the latest schema, every read of a broker table in the tap script seeks by the practice
 * ({@code tenant_id}, the leading column of every key since V16) rather than scanning. A statement that left out the practice (the leading column of every key) scanned, and
 * on 20,000 endpoints cut the anchor from 1,249 to 231 taps/s.
 */
@Tag("peer")
class PgbenchAnchorPostgresTest {

    @Test
    void everyStatementOfTheTapScriptUsesAKey() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            String url = pg.createOwnedDatabase("anchor");
            try (Database db = Database.fromUrl(url); Connection c = db.connection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE rounds_pgbench_badges (n INT PRIMARY KEY, badge_hmac VARCHAR(64))");
                c.setAutoCommit(false);
                st.execute("SET LOCAL enable_seqscan = off");
                List<String> scans = new ArrayList<>();
                List<String> statements = statements(PgbenchAnchor.script(1_000, 2_000));
                assertThat(statements).as("the script's statements").hasSizeGreaterThan(12);
                for (String sql : statements) {
                    try (ResultSet plan = st.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
                        plan.next();
                        scans(new ObjectMapper().readTree(plan.getString(1)), sql, scans);
                    }
                }
                c.rollback();
                assertThat(scans).as("statements that scan a table").isEmpty();
            }
        }
    }

    /**
     * Each read of a broker table that does not seek by its practice: a sequential scan, or an
     * index read whose condition lacks {@code tenant_id} (PostgreSQL then walks the whole index).
     */
    private static void scans(JsonNode node, String sql, List<String> out) {
        if (node.isArray()) {
            for (JsonNode n : node) scans(n, sql, out);
            return;
        }
        JsonNode plan = node.has("Plan") ? node.get("Plan") : node;
        String table = plan.path("Relation Name").asText("");
        // a ModifyTable node names its table too; the scan beneath it is what finds the rows
        if (!table.isEmpty() && !table.equals("rounds_pgbench_badges") && !plan.path("Node Type").asText().equals("ModifyTable")) {
            String seek = plan.path("Index Cond").asText("");
            if (!seek.contains("tenant_id")) out.add(plan.path("Node Type").asText() + " on " + table + " [" + seek + "] in: " + sql);
        }
        for (JsonNode child : plan.path("Plans")) scans(child, sql, out);
    }

    /** The script's SQL with pgbench's variables as values (BEGIN, COMMIT and \set left out). */
    private static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        for (String line : script.split("\n")) {
            if (line.startsWith("\\") || line.equals("BEGIN;") || line.equals("COMMIT;")) continue;
            out.add(line.replace(":client_id", "0").replace(":u", "1").replace(":e", "2").replace(":o", "3").replace(":t", "42")
                    .replaceAll(";$", ""));
        }
        return out;
    }
}
