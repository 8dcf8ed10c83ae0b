package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's registrations are kept in the order they came in, not the order they were
 * written: one that waited for the database while its endpoint sent a newer one (a reader
 * unplugged meanwhile) must not put the unplugged reader back on the console.
 */
@Tag("unit")
class ReadersReportOrderTest {
    private static final Instant T0 = Instant.parse("2026-12-08T08:00:00Z");
    private static final String PCSC = "pcsc:ACS ACR122U PICC Interface 00 00";
    private Database db;
    private Directory directory;

    @BeforeEach
    void open() throws SQLException {
        db = Database.inMemory();
        directory = new Directory(db);
        directory.registerEndpoint("cart-1", "cart", "Ward 4", "1.0", null, T0);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRegistrationThatCameInBeforeTheStoredOneChangesNothing() throws SQLException {
        directory.registerEndpoint("cart-1", "cart", "Ward 4", "1.0", PCSC + "; sim:cart-1", T0.plusSeconds(10));
        directory.registerEndpoint("cart-1", "cart", "Ward 4", "1.0", "sim:cart-1", T0.plusSeconds(20));

        directory.registerEndpoint("cart-1", "cart", "Ward 5", "0.9", PCSC + "; sim:cart-1", T0.plusSeconds(12));   // written late

        assertThat(row()).isEqualTo("sim:cart-1 | Ward 4 | 1.0 | " + T0.plusSeconds(20));
    }

    @Test
    void aNewerRegistrationReplacesTheStoredOne() throws SQLException {
        directory.registerEndpoint("cart-1", "cart", "Ward 4", "1.0", PCSC, T0.plusSeconds(10));
        directory.registerEndpoint("cart-1", "cart", "Ward 5", "1.1", "sim:cart-1", T0.plusSeconds(10));   // same instant: still taken

        assertThat(row()).isEqualTo("sim:cart-1 | Ward 5 | 1.1 | " + T0.plusSeconds(10));
    }

    private String row() throws SQLException {
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT readers, location, version, last_seen FROM endpoints WHERE id = 'cart-1'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3) + " | " + rs.getTimestamp(4).toInstant();
        }
    }
}
