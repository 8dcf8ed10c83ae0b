package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import db.migration.V16__Tenants;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Row-level security alone holds (issue 23): on a connection set to practice A, a query without
 * any tenant filter on each tenant-owned table returns none of practice B's rows. Run as a role
 * that is neither a superuser nor BYPASSRLS, as the broker's must be.
 */
@Tag("peer")
class RowLevelSecurityPostgresTest {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("rls_test_");

    private static final Tenant A = new Tenant("practice-a");
    private static final Tenant B = new Tenant("practice-b");
    private Database admin;
    private PostgresDatabases.Place place;

    @BeforeEach
    void twoPracticesSetUpAlike() throws SQLException {
        place = postgres.createEmpty();
        admin = Database.jdbc(place.jdbcUrl(), place.user(), place.password());
        try (Connection c = admin.connection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO tenants (name, created_at) VALUES ('practice-a', LOCALTIMESTAMP), ('practice-b', LOCALTIMESTAMP)");
            for (String s : rows(A, "a")) st.execute(s);
            for (String s : rows(B, "b")) st.execute(s);
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rounds_app') THEN "
                    + "CREATE ROLE rounds_app LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$");
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO rounds_app");
        }
    }

    @AfterEach
    void close() {
        if (admin != null) admin.close();
    }

    @Test
    void aConnectionSetToPracticeASeesNoneOfPracticeBsRowsInAnyTenantOwnedTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(place.jdbcUrl(), "rounds_app", "")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT set_config('rounds.tenant', 'practice-a', true)");
                for (String table : V16__Tenants.tenantTables()) {
                    assertThat(tenantsOf(st, table)).as(table + " without a filter, set to practice A").isNotEmpty().containsOnly("practice-a");
                }
            }
            c.rollback();
            try (Statement st = c.createStatement()) {
                for (String table : V16__Tenants.tenantTables()) {
                    assertThat(tenantsOf(st, table)).as(table + " with no tenant set").isEmpty();
                }
            }
            c.rollback();
        }
    }

    @Test
    void practiceACannotWriteARowIntoPracticeB() throws SQLException {
        try (Connection c = DriverManager.getConnection(place.jdbcUrl(), "rounds_app", "")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT set_config('rounds.tenant', 'practice-a', true)");
                assertThatThrownBy(() -> st.execute("INSERT INTO endpoints (tenant_id, id, kind, location, last_seen) "
                        + "VALUES ('practice-b', 'cart-9', 'cart', 'Ward 9', LOCALTIMESTAMP)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
            c.rollback();
            try (Statement st = c.createStatement()) {
                st.execute("SELECT set_config('rounds.tenant', 'practice-a', true)");
                assertThat(st.executeUpdate("UPDATE users SET display_name = 'changed'")).as("only A's one nurse").isEqualTo(1);
            }
            c.rollback();
        }
    }

    @Test
    void txSetsEachTransactionsTenantAndServiceModeIsAskedForByName() throws SQLException {
        try (Database app = Database.jdbc(place.jdbcUrl(), "rounds_app", "")) {
            List<String> inA = Tx.run(app, A, RowLevelSecurityPostgresTest::userRows);
            List<String> inB = Tx.run(app, B, RowLevelSecurityPostgresTest::userRows);
            List<String> inDefault = Tx.run(app, RowLevelSecurityPostgresTest::userRows);
            List<String> asService = Tx.asService(app, "test: usage of every practice", RowLevelSecurityPostgresTest::userRows);
            assertThat(inA).containsExactly("practice-a/nurse");
            assertThat(inB).containsExactly("practice-b/nurse");
            assertThat(inDefault).as("the default tenant has none here").isEmpty();
            assertThat(asService).containsExactly("practice-a/nurse", "practice-b/nurse");
            try (Connection c = app.connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('rounds.tenant', true)")) {
                rs.next();
                assertThat(rs.getString(1)).as("a pooled connection outside Tx is back to the default tenant").isEqualTo("default");
            }
        }
    }

    @Test
    void everyTenantOwnedTableForcesRowLevelSecurityEvenOnItsOwner() throws SQLException {
        try (Connection c = admin.connection();
             PreparedStatement ps = c.prepareStatement("SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE relname = ?")) {
            for (String table : V16__Tenants.tenantTables()) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next() && rs.getBoolean(1)).as(table).isTrue();
                }
            }
        }
    }

    private static List<String> userRows(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT tenant_id, id FROM users ORDER BY tenant_id")) {
            while (rs.next()) rows.add(rs.getString(1) + "/" + rs.getString(2));
        }
        return rows;
    }

    private static List<String> tenantsOf(Statement st, String table) throws SQLException {
        List<String> tenants = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            while (rs.next()) tenants.add(rs.getString("tenant_id"));
        }
        return tenants;
    }

    /** The same ids in each practice (user nurse, endpoint cart-1, host host-1...); only globally unique values differ by {@code k}. */
    private static List<String> rows(Tenant t, String k) {
        String now = "LOCALTIMESTAMP";
        String tn = "'" + t.name() + "'";
        return List.of(
            "INSERT INTO users (tenant_id, id, display_name, created_at) VALUES (" + tn + ", 'nurse', 'Nurse', " + now + ")",
            "INSERT INTO badges (tenant_id, badge_hmac, user_id, enrolled_at) VALUES (" + tn + ", '" + k.repeat(64) + "', 'nurse', " + now + ")",
            "INSERT INTO endpoints (tenant_id, id, kind, location, last_seen) VALUES (" + tn + ", 'cart-1', 'cart', 'Ward 4', " + now + ")",
            "INSERT INTO desktop_sessions (tenant_id, user_id, owner_endpoint, generation, state, updated_at) VALUES (" + tn
                    + ", 'nurse', 'cart-1', 1, 'active', " + now + ")",
            "INSERT INTO taps (tenant_id, tap_id, endpoint_id, decision, decided_at) VALUES (" + tn + ", 'tap-1', 'cart-1', 'v1:x', " + now + ")",
            "INSERT INTO audit (tenant_id, at, kind, user_id, endpoint_id, detail) VALUES (" + tn + ", " + now + ", 'connect', 'nurse', 'cart-1', 'x')",
            "INSERT INTO kiosk_assignments (tenant_id, endpoint_id, user_id, assigned_at) VALUES (" + tn + ", 'kiosk-1', 'nurse', " + now + ")",
            "INSERT INTO pin_challenges (tenant_id, token, user_id, endpoint_id, expires_at) VALUES (" + tn + ", '" + k.repeat(43)
                    + "', 'nurse', 'cart-1', " + now + ")",
            "INSERT INTO push_channels (tenant_id, endpoint_id, broker_id, opened_at) VALUES (" + tn + ", 'cart-1', 'b1', " + now + ")",
            "INSERT INTO enrolments (tenant_id, endpoint_id, kind, location, status, created_at) VALUES (" + tn + ", 'cart-1', 'cart', 'W', 'enrolled', "
                    + now + ")",
            "INSERT INTO endpoint_certificates (tenant_id, serial, endpoint_id, issued_at, not_after) VALUES (" + tn + ", '0" + k + "', 'cart-1', "
                    + now + ", " + now + ")",
            "INSERT INTO auth_failures (tenant_id, user_id, source, failed_attempts) VALUES (" + tn + ", 'nurse', 'addr:10.0.0.9', 1)",
            "INSERT INTO admins (tenant_id, name, role, password_hash, totp_secret, created_at) VALUES (" + tn + ", 'ops-" + k
                    + "', 'admin', 'h', 's', " + now + ")",
            "INSERT INTO admin_sessions (tenant_id, token_sha256, admin_name, expires_at) VALUES (" + tn + ", '" + k.repeat(64) + "', 'ops-" + k
                    + "', " + now + ")",
            "INSERT INTO hosts (tenant_id, name, site, status, drained, capacity, sessions, healthy, created_at) VALUES (" + tn
                    + ", 'host-1', '', 'enrolled', FALSE, 1, 0, TRUE, " + now + ")",
            "INSERT INTO host_certificates (tenant_id, serial, host_name, issued_at, not_after) VALUES (" + tn + ", '1" + k + "', 'host-1', "
                    + now + ", " + now + ")",
            "INSERT INTO gateways (tenant_id, name, status, created_at) VALUES (" + tn + ", 'gw-1', 'enrolled', " + now + ")",
            "INSERT INTO gateway_certificates (tenant_id, serial, gateway_name, issued_at, not_after) VALUES (" + tn + ", '2" + k + "', 'gw-1', "
                    + now + ", " + now + ")",
            "INSERT INTO user_totp (tenant_id, user_id, secret, enrolled_at) VALUES (" + tn + ", 'nurse', 's', " + now + ")",
            "INSERT INTO tunnel_tickets (tenant_id, ticket_sha256, user_id, host, port, expires_at) VALUES (" + tn + ", '" + k.repeat(64)
                    + "', 'nurse', 'h', 5901, " + now + ")",
            "INSERT INTO profile_versions (tenant_id, profile_name, version, idle_lock_minutes, same_user_tap, tap_over, clipboard, language, "
                    + "brokers, kiosk_account, changed_at) VALUES (" + tn + ", 'default', 1, 5, 'lock', TRUE, 'in', 'en', '', '', " + now + ")",
            "INSERT INTO profile_assignments (tenant_id, endpoint_id, profile_name, assigned_at) VALUES (" + tn + ", 'cart-1', 'default', " + now + ")",
            "INSERT INTO tap_enrolments (tenant_id, endpoint_id, user_id, armed_at, expires_at, state) VALUES (" + tn + ", 'cart-1', 'nurse', "
                    + now + ", " + now + ", 'armed')");
    }
}
