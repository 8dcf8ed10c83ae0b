package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.PostgresDatabases;

/** The same cases on a real PostgreSQL, as the tables' owner (row-level security on). */
@Tag("peer")
class TapPhasesPostgresTest extends TapPhasesContract {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("broker_phases_test_");

    @Override
    Database openDatabase() {
        return postgres.openAsOwner();
    }

    /**
     * V20: a session's row rewritten by taps (claimed, handed over, claim finished) is updated in
     * place, no index touched (PostgreSQL's heap-only update). While an index covered the claiming
     * tap, at most half of the updates were.
     */
    @Test
    void aSessionRewrittenByTapsKeepsItsIndexesUntouched() throws Exception {
        TapService broker = broker("b1", acking());
        List<String> carts = List.of("cart-1", "cart-2", "cart-3");
        for (int i = 0; i < 30; i++) {
            assertThat(broker.tap(new TapRequest(carts.get(i % 3), i % 2 == 0 ? NURSE : DOCTOR, "t" + i)))
                    .isInstanceOf(TapDecision.Connect.class);
        }
        long[] updates = {0, 0};
        // a backend reports its counts within about ten seconds of going idle
        for (long end = System.nanoTime() + 20_000_000_000L; updates[0] < 2 * 26 && System.nanoTime() < end; Thread.sleep(200)) {
            try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'desktop_sessions'")) {
                rs.next();
                updates[0] = rs.getLong(1);
                updates[1] = rs.getLong(2);
            }
        }
        assertThat(updates[0]).as("session updates counted").isGreaterThanOrEqualTo(2 * 26);
        assertThat(updates[1]).as("heap-only among %d updates", updates[0]).isGreaterThanOrEqualTo(updates[0] * 9 / 10);
        assertThat(indexes("desktop_sessions")).containsExactly("desktop_sessions_key");
    }

    private List<String> indexes(String table) throws SQLException {
        try (Connection c = db.connection(); var ps = c.prepareStatement("SELECT indexname FROM pg_indexes WHERE tablename = ? ORDER BY 1")) {
            ps.setString(1, table);
            List<String> names = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
            return names;
        }
    }
}
