package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.cli.Main;

/** {@code rounds broker tenants add|list} on a store (issue 23). */
@Tag("unit")
class BrokerTenantsCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aPracticeAddedIsListedBesideTheDefaultAndCannotBeAddedTwice() {
        String data = dir.resolve("data").toString();
        assertThat(run("broker", "tenants", "add", "riverside-pediatrics", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().strip()).isEqualTo("practice riverside-pediatrics added");

        out.getBuffer().setLength(0);
        assertThat(run("broker", "tenants", "list", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().lines().map(l -> l.split("\t")[0])).containsExactly("default", "riverside-pediatrics");

        assertThat(run("broker", "tenants", "add", "riverside-pediatrics", "--data", data)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "rounds add: practice riverside-pediatrics exists already; 'rounds broker tenants list' shows them");
    }

    @Test
    void limitsAreShownSetAndClearedAndABadValueIsOneLine() {
        String data = dir.resolve("data").toString();
        assertThat(run("broker", "tenants", "add", "practice-a", "--data", data)).as(err::toString).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("broker", "tenants", "limits", "practice-a", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().strip()).as("a practice never set").isEqualTo("practice practice-a: 2000 desktops at once, 50 taps a second per broker");

        out.getBuffer().setLength(0);
        assertThat(run("broker", "tenants", "limits", "practice-a", "--taps-per-s", "20", "--sessions", "150", "--data", data))
                .as(err::toString).isZero();
        assertThat(out.toString().strip()).isEqualTo("practice practice-a: 150 desktops at once, 20 taps a second per broker");
        out.getBuffer().setLength(0);
        assertThat(run("broker", "tenants", "limits", "practice-a", "--taps-per-s", "0", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().strip()).as("only the limit named changes").isEqualTo("practice practice-a: 150 desktops at once, no limit on taps");
        out.getBuffer().setLength(0);
        assertThat(run("broker", "tenants", "limits", "default", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().strip()).as("the default practice, untouched").isEqualTo("practice default: no limit on desktops, no limit on taps");

        assertThat(run("broker", "tenants", "limits", "practice-a", "--sessions", "-1", "--data", data)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds limits: --sessions must be 0 (no limit) or more, not -1");
        err.getBuffer().setLength(0);
        assertThat(run("broker", "tenants", "limits", "practice-z", "--data", data)).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("rounds limits: no practice practice-z;");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void enrollWithAPinAndKioskWithTenantActInThatPracticeOnly() throws Exception {
        String data = dir.resolve("data").toString();
        java.nio.file.Path pin = dir.resolve("pin");
        java.nio.file.Files.writeString(pin, "2468\n");
        for (String p : java.util.List.of("practice-a", "practice-b")) assertThat(run("broker", "tenants", "add", p, "--data", data)).isZero();
        assertThat(run("broker", "enroll", "--tenant", "practice-a", "--user", "nurse", "--name", "Nurse A", "--badge", "0412345678",
                "--pin-file", pin.toString(), "--data", data)).as(err::toString).isZero();
        assertThat(run("broker", "enroll", "--tenant", "practice-b", "--user", "nurse", "--name", "Nurse B", "--badge", "0412345678",
                "--data", data)).as(err::toString).isZero();
        assertThat(run("broker", "kiosk", "--tenant", "practice-a", "--endpoint", "er-kiosk", "--user", "lobby", "--data", data))
                .as(err::toString).isZero();
        assertThat(out.toString().lines().toList()).contains("enrolled nurse (Nurse A) in practice practice-a, PIN set",
                "kiosk er-kiosk of practice practice-a shows lobby (lobby)");
        assertThat(out.toString()).doesNotContain("2468");

        try (org.rounds.broker.StoreAdmin admin = org.rounds.broker.Broker.admin(java.nio.file.Path.of(data));
             var c = admin.db().connection();
             var rs = c.createStatement().executeQuery("SELECT tenant_id, id, pin_hash IS NOT NULL FROM users ORDER BY tenant_id, id")) {
            java.util.List<String> users = new java.util.ArrayList<>();
            while (rs.next()) users.add(rs.getString(1) + " " + rs.getString(2) + " pin " + rs.getBoolean(3));
            assertThat(users).containsExactly("practice-a lobby pin false", "practice-a nurse pin true", "practice-b nurse pin false");
            try (var k = c.createStatement().executeQuery("SELECT tenant_id, endpoint_id, user_id FROM kiosk_assignments")) {
                assertThat(k.next()).isTrue();
                assertThat(k.getString(1) + " " + k.getString(2) + " " + k.getString(3)).isEqualTo("practice-a er-kiosk lobby");
                assertThat(k.next()).isFalse();
            }
        }
        assertThat(run("broker", "kiosk", "--tenant", "practice-z", "--endpoint", "er-kiosk", "--user", "lobby", "--data", data)).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("rounds kiosk: no practice practice-z;");
    }

    @Test
    void aNameThatIsNotAPracticesIsRefusedInOneLine() {
        assertThat(run("broker", "tenants", "add", "Ward:4", "--data", dir.resolve("data").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds add: practice name 'Ward:4' must be 1 to 63 lower-case letters, "
                + "digits or hyphens, starting with a letter or digit");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void enrollAndUsersWithTenantKeepTwoPracticesApartWithTheSameUserIdAndBadge() {
        String data = dir.resolve("data").toString();
        assertThat(run("broker", "tenants", "add", "practice-a", "--data", data)).as(err::toString).isZero();
        assertThat(run("broker", "tenants", "add", "practice-b", "--data", data)).as(err::toString).isZero();
        assertThat(run("broker", "enroll", "--tenant", "practice-a", "--user", "nurse", "--name", "Nurse A", "--badge", "0412345678",
                "--data", data)).as(err::toString).isZero();
        assertThat(run("broker", "enroll", "--tenant", "practice-b", "--user", "nurse", "--name", "Nurse B", "--badge", "0412345678",
                "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().lines().toList()).endsWith("enrolled nurse (Nurse A) in practice practice-a",
                "enrolled nurse (Nurse B) in practice practice-b");

        out.getBuffer().setLength(0);
        assertThat(run("broker", "users", "--tenant", "practice-a", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly("nurse\tNurse A");
        out.getBuffer().setLength(0);
        assertThat(run("broker", "users", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString()).as("the default practice has none of theirs").isEmpty();
    }

    @Test
    void anUnknownPracticeOrOneNamedThroughTheAdminApiIsRefusedInOneLine() {
        String data = dir.resolve("data").toString();
        assertThat(run("broker", "users", "--tenant", "nowhere", "--data", data)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "rounds users: no practice nowhere; 'rounds broker tenants list' shows them, 'tenants add' makes one");
        err.getBuffer().setLength(0);
        assertThat(run("broker", "users", "--tenant", "practice-a", "--broker", "https://127.0.0.1:1", "--admin", "alice",
                "--admin-password-file", dir.resolve("pw").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds users: --tenant works on the store (--data or --db); "
                + "through --broker you act in your admin account's practice");
    }
}
