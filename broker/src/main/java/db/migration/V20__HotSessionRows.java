package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A session's row is rewritten three times a tap (claimed, handed to its host's broker, claim
 * finished; issue 20), so each rewrite must stay on its page with no index touched (PostgreSQL's
 * heap-only update). Two things stopped that:
 * <ul>
 *   <li>the index on the claiming tap ({@code desktop_sessions_claim}, V19): setting and clearing
 *   {@code claim_tap} changed an indexed column, so every tap added entries to both of the table's
 *   indexes, and each lookup of a user then stepped over their dead entries (rounds bench broker:
 *   half of PostgreSQL's time per tap). A tap now names the user it claimed in its own row
 *   ({@code taps.claimed_user}), and a retry finds the claim through the two primary keys;</li>
 *   <li>full pages: on PostgreSQL the session rows leave room for their next versions
 *   ({@code fillfactor}), and so do the taps' (each is written once more with its answer).</li>
 * </ul>
 * H2 has neither heap-only updates nor fill factors; it gets the column and loses the index.
 */
public class V20__HotSessionRows extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        var c = context.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE taps ADD COLUMN claimed_user VARCHAR(64)");
            st.execute("DROP INDEX desktop_sessions_claim");
            if (OnPostgres.is(c)) {
                st.execute("ALTER TABLE desktop_sessions SET (fillfactor = 40)");
                st.execute("ALTER TABLE taps SET (fillfactor = 70)");
            }
        }
    }
}
