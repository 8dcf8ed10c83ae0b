package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.PostgresDatabases.Place;

/**
 * An existing store becomes the default tenant with nothing lost (issue 23): a store made by the
 * previous release (migrations up to V14), filled through that release's SQL, is opened by this
 * code (V16) and every row is still there, now the default tenant's, and a badge still taps.
 */
abstract class TenantMigrationContract {
    static final String BADGE = "0412345678";

    /** A new database nobody has migrated yet. */
    abstract Place emptyDatabase();

    /** Tables that are the service's own, not a tenant's (they get no tenant_id). */
    static final List<String> SERVICE_TABLES = List.of("settings", "broker_leases", "cluster_messages", "flyway_schema_history", "tenants");

    @Test
    void everyRowOfAV14StoreIsTheDefaultTenantsAfterV16AndABadgeStillTaps() throws Exception {
        Place place = emptyDatabase();
        Flyway.configure().dataSource(place.jdbcUrl(), place.user(), place.password()).locations("classpath:db/migration").target("14")
                .load().migrate();
        BadgeKey key = BadgeKey.ephemeral();
        Map<String, List<Map<String, String>>> before;
        try (Connection c = DriverManager.getConnection(place.jdbcUrl(), place.user(), place.password())) {
            fillAsV14Did(c, key.hmac(BADGE));
            before = everything(c);
        }
        assertThat(before).as("the V14 store has a row in every table").allSatisfy((t, rows) -> {
            if (!t.equals("broker_leases") && !t.equals("cluster_messages")) assertThat(rows).as(t).isNotEmpty();
        });

        try (Database db = Database.jdbc(place.jdbcUrl(), place.user(), place.password())) {
            Map<String, List<Map<String, String>>> after;
            try (Connection c = db.connection()) {
                after = everything(c);
            }
            assertThat(after.get("tenants")).extracting(r -> r.get("name")).containsExactly("default");
            for (var e : before.entrySet()) {
                String table = e.getKey();
                List<Map<String, String>> rows = after.get(table);
                if (SERVICE_TABLES.contains(table)) {
                    assertThat(rows).as(table).isEqualTo(e.getValue());
                    continue;
                }
                assertThat(rows).as(table + ": every row is the default tenant's").allSatisfy(r -> assertThat(r).containsEntry("tenant_id", "default"));
                java.util.Set<String> columnsThen = e.getValue().get(0).keySet();
                assertThat(rows).as(table + ": columns added since V14 (other than the tenant) start empty").allSatisfy(r ->
                        r.forEach((column, value) -> {
                            if (!columnsThen.contains(column) && !column.equals("tenant_id")) assertThat(value).as(column).isNull();
                        }));
                assertThat(rows.stream().map(r -> onlyColumns(r, columnsThen)).toList()).as(table + ": nothing lost or changed")
                        .isEqualTo(e.getValue());
            }

            Fakes.Journal journal = new Fakes.Journal();
            TapService taps = new TapService(db, key, new Fakes.Pool(journal), new Fakes.Push(journal), Clock.systemUTC(), new ObjectMapper());
            TapDecision d = taps.tap(new TapRequest("cart-1", BADGE, "tap-after-v15"));
            assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, connect -> {
                assertThat(connect.userId()).isEqualTo("nurse");
                assertThat(connect.displayName()).isEqualTo("Nurse Amina Diallo");
            });
            try (Connection c = db.connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT tenant_id FROM taps WHERE tap_id = 'tap-after-v15'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("default");
            }
        }
    }

    /** The row's values in {@code columns} only: what the V14 store had. */
    private static Map<String, String> onlyColumns(Map<String, String> row, java.util.Set<String> columns) {
        Map<String, String> copy = new TreeMap<>(row);
        copy.keySet().retainAll(columns);
        return copy;
    }

    /** One or more rows in every table, as the V14 code wrote them. */
    private static void fillAsV14Did(Connection c, String badgeHmac) throws SQLException {
        String now = "TIMESTAMP '2026-12-01 08:00:00'";
        String later = "TIMESTAMP '2026-12-31 08:00:00'";
        String[] sql = {
            "INSERT INTO settings (setting_name, setting_value) VALUES ('store-id', 'abc')",
            "INSERT INTO users (id, display_name, created_at, pin_hash, outside_allowed) VALUES ('nurse', 'Nurse Amina Diallo', " + now + ", NULL, FALSE)",
            "INSERT INTO users (id, display_name, created_at, outside_allowed) VALUES ('reception', 'Reception desk', " + now + ", FALSE)",
            "INSERT INTO users (id, display_name, created_at, password_hash, outside_allowed) VALUES ('dr-home', 'Dr Home', " + now + ", 'pbkdf2$x', TRUE)",
            "INSERT INTO badges (badge_hmac, user_id, enrolled_at, key_id) VALUES ('" + badgeHmac + "', 'nurse', " + now + ", NULL)",
            "INSERT INTO endpoints (id, kind, location, last_seen, version, readers) VALUES ('cart-1', 'cart', 'Ward 4', " + now + ", '1.4', 'ACS')",
            "INSERT INTO endpoints (id, kind, location, last_seen) VALUES ('kiosk-1', 'kiosk', 'Reception', " + now + ")",
            "INSERT INTO desktop_sessions (user_id, owner_endpoint, generation, state, updated_at, desktop_broker, dropped_at, dropped_generation, "
                    + "desktop_host) VALUES ('dr-home', 'kiosk-1', 3, 'locked', " + now + ", 'b1', NULL, NULL, 'host-1')",
            "INSERT INTO taps (tap_id, endpoint_id, decision, decided_at) VALUES ('tap-0', 'cart-1', 'v1:sealed', " + now + ")",
            "INSERT INTO audit (at, kind, user_id, endpoint_id, detail, actor) VALUES (" + now + ", 'enroll', 'nurse', NULL, 'badge enrolled', 'ops')",
            "INSERT INTO audit (at, kind, user_id, endpoint_id, detail, actor) VALUES (" + now + ", 'connect', 'nurse', 'cart-1', 'connect', NULL)",
            "INSERT INTO kiosk_assignments (endpoint_id, user_id, assigned_at) VALUES ('kiosk-1', 'reception', " + now + ")",
            "INSERT INTO pin_challenges (token, user_id, endpoint_id, expires_at) VALUES ('" + "t".repeat(43) + "', 'nurse', 'cart-1', " + later + ")",
            "INSERT INTO push_channels (endpoint_id, broker_id, opened_at) VALUES ('cart-1', 'b1', " + now + ")",
            "INSERT INTO enrolments (endpoint_id, kind, location, status, code_hash, code_expires, created_at, revoked_at, site) "
                    + "VALUES ('cart-1', 'cart', 'Ward 4', 'enrolled', NULL, NULL, " + now + ", NULL, 'north')",
            "INSERT INTO endpoint_certificates (serial, endpoint_id, issued_at, not_after) VALUES ('0a1b', 'cart-1', " + now + ", " + later + ")",
            "INSERT INTO auth_failures (user_id, source, failed_attempts, locked_until) VALUES ('nurse', 'addr:10.0.0.9', 2, NULL)",
            "INSERT INTO admins (name, role, password_hash, totp_secret, created_at, disabled) VALUES ('ops', 'admin', 'pbkdf2$y', 'sealed', " + now + ", FALSE)",
            "INSERT INTO admin_sessions (token_sha256, admin_name, expires_at) VALUES ('" + "a".repeat(64) + "', 'ops', " + later + ")",
            "INSERT INTO hosts (name, site, status, drained, capacity, sessions, healthy, created_at) VALUES ('host-1', 'north', 'enrolled', FALSE, 20, 1, TRUE, " + now + ")",
            "INSERT INTO host_certificates (serial, host_name, issued_at, not_after) VALUES ('0c0d', 'host-1', " + now + ", " + later + ")",
            "INSERT INTO gateways (name, status, created_at) VALUES ('gw-1', 'enrolled', " + now + ")",
            "INSERT INTO gateway_certificates (serial, gateway_name, issued_at, not_after) VALUES ('0e0f', 'gw-1', " + now + ", " + later + ")",
            "INSERT INTO user_totp (user_id, secret, enrolled_at, last_step) VALUES ('dr-home', 'sealed', " + now + ", 123)",
            "INSERT INTO tunnel_tickets (ticket_sha256, user_id, host, port, expires_at) VALUES ('" + "b".repeat(64) + "', 'dr-home', '10.0.0.5', 5901, " + later + ")",
            "INSERT INTO profile_versions (profile_name, version, idle_lock_minutes, same_user_tap, tap_over, clipboard, language, brokers, kiosk_account, "
                    + "changed_by, changed_at) VALUES ('default', 1, 5, 'lock', TRUE, 'in', 'en', '', '', 'ops', " + now + ")",
            "INSERT INTO profile_assignments (endpoint_id, profile_name, assigned_at) VALUES ('cart-1', 'default', " + now + ")",
            "INSERT INTO tap_enrolments (endpoint_id, user_id, armed_by, armed_at, expires_at, state, done_at) "
                    + "VALUES ('cart-1', 'nurse', 'ops', " + now + ", " + now + ", 'bound', " + now + ")",
        };
        try (Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    /** Every table of the default schema, each row's columns as text, in a stable order. */
    private static Map<String, List<Map<String, String>>> everything(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                String name = rs.getString("TABLE_NAME").toLowerCase();
                if (schema != null && schema.equalsIgnoreCase("public") && !name.equals("flyway_schema_history")) tables.add(name);
            }
        }
        Map<String, List<Map<String, String>>> all = new TreeMap<>();
        for (String t : tables) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + t)) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, String>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, String> row = new TreeMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnName(i).toLowerCase(), rs.getString(i));
                    rows.add(row);
                }
                rows.sort((a, b) -> a.toString().compareTo(b.toString()));
                all.put(t, rows);
            }
        }
        return all;
    }
}
