package org.rounds.broker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.store.Database;

@Tag("unit")
class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /**
     * 1,500 old audit rows (two batches), 3 old taps and challenges; 2 recent of each; 3 tunnel
     * tickets expired a second ago and 2 that have not expired.
     */
    static void fill(Database db) throws SQLException {
        Instant old = NOW.minus(Duration.ofDays(91)), recent = NOW.minus(Duration.ofDays(89));
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO users (id, display_name, created_at) VALUES ('nurse', 'Nurse', CURRENT_TIMESTAMP)");
            try (PreparedStatement a = c.prepareStatement("INSERT INTO audit (at, kind, user_id, endpoint_id, detail) VALUES (?, ?, 'nurse', 'cart-1', ?)");
                 PreparedStatement t = c.prepareStatement("INSERT INTO taps (tap_id, endpoint_id, decision, decided_at) VALUES (?, 'cart-1', 'x', ?)");
                 PreparedStatement p = c.prepareStatement("INSERT INTO pin_challenges (token, user_id, endpoint_id, expires_at) VALUES (?, 'nurse', 'cart-1', ?)")) {
                for (int i = 0; i < 1502; i++) {
                    a.setTimestamp(1, Timestamp.from(i < 1500 ? old.plusSeconds(i) : recent));
                    a.setString(2, i < 1500 ? "takeover" : "recent");
                    a.setString(3, "row " + i);
                    a.addBatch();
                }
                a.executeBatch();
                for (int i = 0; i < 5; i++) {
                    t.setString(1, "tap-" + i);
                    t.setTimestamp(2, Timestamp.from(i < 3 ? old : recent));
                    t.executeUpdate();
                    p.setString(1, ("token" + i).repeat(9).substring(0, 43));
                    p.setTimestamp(2, Timestamp.from(i < 3 ? old : recent));
                    p.executeUpdate();
                }
                try (PreparedStatement k = c.prepareStatement("INSERT INTO tunnel_tickets (ticket_sha256, user_id, host, port, expires_at) "
                        + "VALUES (?, 'nurse', '10.0.0.5', 5901, ?)")) {
                    for (int i = 0; i < 5; i++) {
                        k.setString(1, String.valueOf(i).repeat(64));
                        k.setTimestamp(2, Timestamp.from(i < 3 ? NOW.minusSeconds(1) : NOW.plusSeconds(30)));
                        k.executeUpdate();
                    }
                }
            }
        }
    }

    static long count(Database db, String table) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void rowsOlderThanTheRetentionPeriodGoAndTheAuditRowsAreExportedAsJsonLinesFirst(@TempDir Path data) throws Exception {
        try (Database db = Database.inMemory()) {
            fill(db);

            Retention.Purged purged = new Retention(db, 90, data.resolve("audit-export"), CLOCK).run();

            assertThat(purged).isEqualTo(new Retention.Purged(3, 3, 1500, data.resolve("audit-export/audit-2026-12-06.jsonl"), 3));
            assertThat(count(db, "tunnel_tickets")).as("tickets not expired yet stay").isEqualTo(2);
            assertThat(count(db, "audit")).isEqualTo(2);
            assertThat(count(db, "taps")).isEqualTo(2);
            assertThat(count(db, "pin_challenges")).isEqualTo(2);
            List<String> lines = Files.readAllLines(purged.export());
            assertThat(lines).hasSize(1500);
            JsonNode first = new ObjectMapper().readTree(lines.get(0));
            assertThat(first.path("kind").asText()).isEqualTo("takeover");
            assertThat(first.path("userId").asText()).isEqualTo("nurse");
            assertThat(first.path("endpointId").asText()).isEqualTo("cart-1");
            assertThat(first.path("detail").asText()).isEqualTo("row 0");
            assertThat(first.path("tenant").asText()).as("the practice whose trail it was").isEqualTo("default");
            assertThat(first.path("at").asText()).isEqualTo(NOW.minus(Duration.ofDays(91)).toString());
            assertThat(new ObjectMapper().readTree(lines.get(1499)).path("detail").asText()).isEqualTo("row 1499");

            assertThat(new Retention(db, 90, data.resolve("audit-export"), CLOCK).run())
                    .as("a second run finds nothing").isEqualTo(new Retention.Purged(0, 0, 0, purged.export(), 0));
        }
    }

    @Test
    void anAuditExportThatCannotBeWrittenDeletesNoAuditRow(@TempDir Path data) throws Exception {
        try (Database db = Database.inMemory()) {
            fill(db);
            Path notADirectory = Files.writeString(data.resolve("audit-export"), "a file where the directory should be");

            assertThatThrownBy(() -> new Retention(db, 90, notADirectory, CLOCK).run()).isInstanceOf(java.io.IOException.class);

            assertThat(count(db, "audit")).isEqualTo(1502);
        }
    }
}
