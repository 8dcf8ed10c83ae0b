package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Practices as tenants (issue 23). Every tenant-owned table gets a {@code tenant_id}, and its key
 * and unique indexes take the tenant in, so the same user id, endpoint id or badge may exist in
 * two practices. Every row already here becomes the {@code default} tenant's: nothing is lost.
 *
 * <p>In Java, not SQL, because the keys being replaced were created without names: H2 calls them
 * {@code CONSTRAINT_4}, PostgreSQL {@code users_pkey}; they are found in information_schema.
 *
 * <p>Left out, as the service's own: {@code settings} (the broker's settings), {@code
 * broker_leases} and {@code cluster_messages} (brokers among themselves; a message's payload
 * names its tenant). Keys kept global on purpose: certificate serials (one CA issues them all),
 * enrolment-code hashes (128 random bits; the code is how an enrolling machine finds its tenant),
 * one-time tokens and tickets (random), audit and tap-enrolment ids (identities), and admin names
 * (an admin signs in by name alone, and the row says the tenant: two admins named alike in two
 * practices would make sign-in ambiguous).
 *
 * <p>{@code tenant_id} defaults to {@code 'default'} so that a row written without one lands in
 * the default tenant, as it did before practices existed.
 */
public class V16__Tenants extends BaseJavaMigration {
    /** Each tenant-owned table and its new primary key after tenant_id; null: the key stays. */
    private static final String[][] TABLES = {
        {"users", "id"},
        {"badges", "badge_hmac"},
        {"endpoints", "id"},
        {"desktop_sessions", "user_id"},
        {"taps", "tap_id"},
        {"audit", null},
        {"kiosk_assignments", "endpoint_id"},
        {"pin_challenges", null},
        {"push_channels", "endpoint_id"},
        {"enrolments", "endpoint_id"},
        {"endpoint_certificates", null},
        {"auth_failures", "user_id, source"},
        {"admins", null},
        {"admin_sessions", null},
        {"hosts", "name"},
        {"host_certificates", null},
        {"gateways", "name"},
        {"gateway_certificates", null},
        {"user_totp", "user_id"},
        {"tunnel_tickets", null},
        {"profile_versions", "profile_name, version"},
        {"profile_assignments", "endpoint_id"},
        {"tap_enrolments", null},
    };

    /** The references between tenant-owned tables, now within one tenant. */
    private static final String[][] REFERENCES = {
        {"badges", "user_id", "users", "id"},
        {"desktop_sessions", "user_id", "users", "id"},
        {"kiosk_assignments", "user_id", "users", "id"},
        {"pin_challenges", "user_id", "users", "id"},
        {"auth_failures", "user_id", "users", "id"},
        {"user_totp", "user_id", "users", "id"},
        {"tap_enrolments", "user_id", "users", "id"},
        {"endpoint_certificates", "endpoint_id", "enrolments", "endpoint_id"},
        {"host_certificates", "host_name", "hosts", "name"},
        {"gateway_certificates", "gateway_name", "gateways", "name"},
    };

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE tenants (name VARCHAR(64) PRIMARY KEY, created_at TIMESTAMP NOT NULL)");
            st.execute("INSERT INTO tenants (name, created_at) VALUES ('default', LOCALTIMESTAMP)");
            for (String[] t : TABLES) {
                for (String fk : constraints(c, t[0], "FOREIGN KEY")) st.execute("ALTER TABLE " + t[0] + " DROP CONSTRAINT \"" + fk + "\"");
            }
            for (String[] t : TABLES) {
                st.execute("ALTER TABLE " + t[0] + " ADD COLUMN tenant_id VARCHAR(64) DEFAULT 'default' NOT NULL");
                st.execute("ALTER TABLE " + t[0] + " ADD CONSTRAINT " + t[0] + "_tenant_ref FOREIGN KEY (tenant_id) REFERENCES tenants (name)");
                if (t[1] == null) continue;
                for (String pk : constraints(c, t[0], "PRIMARY KEY")) st.execute("ALTER TABLE " + t[0] + " DROP CONSTRAINT \"" + pk + "\"");
                st.execute("ALTER TABLE " + t[0] + " ADD CONSTRAINT " + t[0] + "_key PRIMARY KEY (tenant_id, " + t[1] + ")");
            }
            // admin_sessions follows its admin by name (admin names stay global, see above)
            st.execute("ALTER TABLE admin_sessions ADD CONSTRAINT admin_sessions_admin_ref FOREIGN KEY (admin_name) REFERENCES admins (name)");
            for (String[] r : REFERENCES) {
                st.execute("ALTER TABLE " + r[0] + " ADD CONSTRAINT " + r[0] + "_" + r[2] + "_ref FOREIGN KEY (tenant_id, " + r[1]
                        + ") REFERENCES " + r[2] + " (tenant_id, " + r[3] + ")");
            }
            // the console's keyset paging within one tenant: each filter's index starts with the tenant
            for (String[] i : new String[][] {{"audit_user", "user_id"}, {"audit_endpoint", "endpoint_id"}, {"audit_kind", "kind"}}) {
                st.execute("DROP INDEX " + i[0]);
                st.execute("CREATE INDEX " + i[0] + " ON audit (tenant_id, " + i[1] + ", id)");
            }
            st.execute("CREATE INDEX audit_tenant ON audit (tenant_id, id)");
            st.execute("DROP INDEX profile_assignments_profile");
            st.execute("CREATE INDEX profile_assignments_profile ON profile_assignments (tenant_id, profile_name)");
            st.execute("DROP INDEX tap_enrolments_endpoint");
            st.execute("CREATE INDEX tap_enrolments_endpoint ON tap_enrolments (tenant_id, endpoint_id, state)");
            st.execute("DROP INDEX tap_enrolments_user");
            st.execute("CREATE INDEX tap_enrolments_user ON tap_enrolments (tenant_id, user_id, id)");
            // usage per tenant per day, for billing, reads audit by tenant and time
            st.execute("CREATE INDEX audit_tenant_at ON audit (tenant_id, at)");
            if (OnPostgres.is(c)) rowLevelSecurity(st);
        }
    }

    /**
     * PostgreSQL's second line behind the code's filters: a query on a tenant-owned table sees,
     * and may write, only the rows of the tenant its transaction named ({@code rounds.tenant},
     * set by {@code Tx}), or every row in the explicit service mode ({@code rounds.service = on},
     * for retention and usage). FORCE: the broker's own role, which owns the tables, is held too.
     * A superuser or a BYPASSRLS role is not: the broker must not run as one. H2 has no
     * row-level security: there the filters alone hold.
     */
    private static void rowLevelSecurity(Statement st) throws SQLException {
        String visible = "tenant_id = current_setting('rounds.tenant', true) OR current_setting('rounds.service', true) = 'on'";
        for (String[] t : TABLES) {
            st.execute("ALTER TABLE " + t[0] + " ENABLE ROW LEVEL SECURITY");
            st.execute("ALTER TABLE " + t[0] + " FORCE ROW LEVEL SECURITY");
            st.execute("CREATE POLICY " + t[0] + "_by_tenant ON " + t[0] + " USING (" + visible + ") WITH CHECK (" + visible + ")");
        }
    }

    /** The tenant-owned tables, for tests that walk them all. */
    public static java.util.List<String> tenantTables() {
        return java.util.Arrays.stream(TABLES).map(t -> t[0]).toList();
    }

    private static List<String> constraints(Connection c, String table, String type) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT constraint_name FROM information_schema.table_constraints "
                + "WHERE LOWER(table_name) = ? AND constraint_type = ? AND table_schema = CURRENT_SCHEMA")) {
            ps.setString(1, table);
            ps.setString(2, type);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        return names;
    }
}
