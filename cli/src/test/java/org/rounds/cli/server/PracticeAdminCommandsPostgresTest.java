package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.ProfileSettings;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.http.PracticeRows;
import org.rounds.broker.store.Profiles;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;
import org.rounds.broker.takeover.Fakes;
import org.rounds.cli.Main;
import org.rounds.testpeers.PostgresServer;
import picocli.CommandLine;

/**
 * Every {@code rounds broker} command that works through a running broker's admin API, run as
 * practice a's admin (issue 23), on a real PostgreSQL with the broker as the tables' owner.
 * Practices a and b are set up alike (user u1, endpoint cart-1, host dh-1, profile ward); b has
 * ids of its own (u-b, cart-b, dh-b, ward-b, admin bob). Named by b's own ids, each command finds
 * nothing or is refused in one line; listings show none of b's; commands that make something
 * make it in a; commands named by the shared ids act on a's. Afterwards b's rows in every
 * tenant-owned table are exactly as they were. The commands are listed from the CLI itself, so
 * a new one without a probe here fails the test.
 */
@Tag("peer")
class PracticeAdminCommandsPostgresTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Tenant A = new Tenant("a"), B = new Tenant("b");
    /** What only b's rows hold: a's listings must contain none of them. */
    private static final List<String> B_MARKERS = List.of("of B", "u-b", "cart-b", "dh-b", "ward-b", "bob", "siteb");
    private static PostgresServer pg;
    private static Broker broker;
    private static Path dir;
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    @BeforeAll
    static void twoPracticesSetUpAlike(@TempDir Path tmp) throws Exception {
        dir = tmp;
        pg = PostgresServer.start();
        String url = pg.createOwnedDatabase("cliapart");
        Path key = dir.resolve("broker.key");
        org.rounds.broker.auth.KeyFile.create(key);
        broker = Broker.builder().database(url).keyFile(key).port(0)
                .loginRateLimit(1000, 1000).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        StoreAdmin admin = broker.admin();
        for (Tenant t : List.of(A, B)) {
            admin.addTenant(t.name());
            String of = t.equals(A) ? "of A" : "of B";
            admin.enrollIn(t, "u1", "Nurse " + of, "0412345678");
            admin.addEndpointIn(t, "cart-1", "cart", "Ward " + of, "");
            admin.addHostIn(t, "dh-1", t.equals(A) ? "sitea" : "siteb");
            new Profiles(broker.database()).set(t, "ward", ProfileSettings.defaults(), "setup", Instant.now());
            Tx.run(broker.database(), t, c -> {
                try (var ps = c.prepareStatement("INSERT INTO auth_failures (tenant_id, user_id, source, failed_attempts, locked_until) "
                        + "VALUES (?, 'u1', '10.0.0.9', 5, ?)")) {
                    ps.setString(1, t.name());
                    ps.setTimestamp(2, Timestamp.from(Instant.now().plusSeconds(600)));
                    ps.executeUpdate();
                }
                return null;
            });
        }
        admin.enrollIn(B, "u-b", "Only of B", "0499999999");
        admin.addEndpointIn(B, "cart-b", "tablet", "Lab of B", "");
        admin.addHostIn(B, "dh-b", "siteb");
        new Profiles(broker.database()).set(B, "ward-b", ProfileSettings.defaults(), "setup", Instant.now());
        admin.addAdminIn(B, "bob", AdminRole.ADMIN, PASSWORD);
        admin.addGateway("gw-1");   // the service's: no practice admin sees or changes it
        Files.writeString(dir.resolve("alice.otpauth"), admin.addAdminIn(A, "alice", AdminRole.ADMIN, PASSWORD));
        Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
        if (pg != null) pg.close();
    }

    /** A command as alice, a's admin, through the broker's admin API: its exit status. */
    private int asAlice(String... command) {
        List<String> args = new ArrayList<>(List.of("broker"));
        args.addAll(List.of(command));
        args.addAll(List.of("--broker", broker.baseUrl(), "--admin", "alice", "--admin-password-file", dir.resolve("password").toString(),
                "--totp-file", dir.resolve("alice.otpauth").toString()));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Refused or found nothing: exit 1 and one line, naming none of b's rows beyond the id asked for. */
    private void refused(String... command) {
        assertThat(asAlice(command)).as(String.join(" ", command) + ": " + out + err).isEqualTo(1);
        assertThat(err.toString().lines()).as(String.join(" ", command)).hasSize(1);
        assertThat(err.toString()).doesNotContain("of B", "siteb", "Lab");
        assertThat(out.toString()).isEmpty();
    }

    /** Answered, with a's rows only. */
    private String listed(String... command) {
        assertThat(asAlice(command)).as(String.join(" ", command) + ": " + err).isZero();
        for (String marker : B_MARKERS) assertThat(out.toString()).as(String.join(" ", command)).doesNotContain(marker);
        return out.toString();
    }

    @Test
    void everyAdminApiCommandAsPracticeAsAdminFindsNothingOfBAndChangesNoneOfBsRows() throws Exception {
        String before = PracticeRows.of(broker.database(), B);
        Map<String, Runnable> probes = new LinkedHashMap<>();
        // named by b's own ids, or listing: nothing of b's
        probes.put("users", () -> assertThat(listed("users")).contains("u1\tNurse of A"));
        probes.put("users totp", () -> refused("users", "totp", "u-b"));
        probes.put("users outside", () -> refused("users", "outside", "--allow", "u-b"));
        probes.put("users enrol-by-tap", () -> refused("users", "enrol-by-tap", "u-b", "--endpoint", "cart-b"));
        probes.put("endpoints list", () -> assertThat(listed("endpoints", "list")).contains("cart-1"));
        probes.put("endpoints revoke", () -> refused("endpoints", "revoke", "cart-b"));
        probes.put("hosts list", () -> assertThat(listed("hosts", "list")).contains("dh-1"));
        probes.put("hosts drain", () -> refused("hosts", "drain", "dh-b"));
        probes.put("hosts undrain", () -> refused("hosts", "undrain", "dh-b"));
        probes.put("hosts revoke", () -> refused("hosts", "revoke", "dh-b"));
        probes.put("gateways list", () -> refused("gateways", "list"));
        probes.put("gateways add", () -> refused("gateways", "add", "gw-2"));
        probes.put("gateways revoke", () -> refused("gateways", "revoke", "gw-1"));
        probes.put("admins list", () -> assertThat(listed("admins", "list")).startsWith("alice\tadmin\t"));
        probes.put("admins disable", () -> refused("admins", "disable", "bob"));
        probes.put("profiles list", () -> assertThat(listed("profiles", "list")).contains("ward"));
        probes.put("profiles show", () -> refused("profiles", "show", "ward-b"));
        // named by the ids both have: a's are acted on
        probes.put("users unlock", () -> assertThat(listed("users", "unlock", "u1")).isNotEmpty());
        probes.put("profiles assign", () -> assertThat(asAlice("profiles", "assign", "ward", "cart-1")).as(err::toString).isZero());
        // made with b's ids: made in a
        probes.put("enroll", () -> assertThat(asAlice("enroll", "--user", "u-b", "--name", "Made by A", "--badge", "0499999999"))
                .as(err::toString).isZero());
        probes.put("kiosk", () -> assertThat(asAlice("kiosk", "--endpoint", "cart-b", "--user", "kiosk-b")).as(err::toString).isZero());
        probes.put("endpoints add", () -> assertThat(asAlice("endpoints", "add", "cart-b", "--kind", "cart")).as(err::toString).isZero());
        probes.put("hosts add", () -> assertThat(asAlice("hosts", "add", "dh-b")).as(err::toString).isZero());
        probes.put("profiles set", () -> assertThat(asAlice("profiles", "set", "ward-b", "--idle-lock-minutes", "7")).as(err::toString).isZero());

        assertThat(probes.keySet()).as("every command the CLI serves through the admin API has a probe here")
                .containsExactlyInAnyOrderElementsOf(adminApiCommands());
        probes.forEach((command, probe) -> probe.run());

        assertThat(PracticeRows.of(broker.database(), B)).as("b's rows in every tenant-owned table, after all of a's commands").isEqualTo(before);
        assertThat(PracticeRows.of(broker.database(), A)).as("a's commands did act, in a")
                .contains("Made by A", "kiosk-b", "cart-b", "dh-b", "ward-b").doesNotContain("10.0.0.9");
    }

    /** Every {@code rounds broker} subcommand with {@code --admin} (the admin API's login), as "users totp". */
    private static TreeSet<String> adminApiCommands() {
        TreeSet<String> found = new TreeSet<>();
        walk(Main.commandLine().getSubcommands().get("broker"), "", found);
        return found;
    }

    private static void walk(CommandLine c, String path, TreeSet<String> found) {
        if (!path.isEmpty() && c.getCommandSpec().findOption("--admin") != null) found.add(path);
        c.getSubcommands().forEach((name, sub) -> walk(sub, path.isEmpty() ? name : path + " " + name, found));
    }
}
