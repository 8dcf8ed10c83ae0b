package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.cli.Main;

/**
 * {@code --tenant} on {@code endpoints add|list}, {@code hosts add|list} and {@code admins add|list},
 * and {@code tenants usage} (issue 23), on a store: two practices set up alike, each listing shows
 * its own practice's rows and none of the other's.
 */
@Tag("unit")
class BrokerPracticesCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String data;

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @BeforeEach
    void twoPracticesSetUpAlike() throws Exception {
        data = dir.resolve("data").toString();
        Files.writeString(dir.resolve("pw"), "correct horse battery\n");
        assertThat(run("broker", "tenants", "add", "practice-a", "--data", data)).as(err::toString).isZero();
        assertThat(run("broker", "tenants", "add", "practice-b", "--data", data)).as(err::toString).isZero();
        for (String p : List.of("practice-a", "practice-b")) {
            assertThat(run("broker", "endpoints", "add", "cart-1", "--kind", "cart", "--location", "Room " + p, "--tenant", p, "--data", data))
                    .as(err::toString).isZero();
            assertThat(out.toString()).contains("enrolment code: ");
            assertThat(run("broker", "hosts", "add", "dh-1", "--site", p.equals("practice-a") ? "north" : "south", "--tenant", p, "--data", data))
                    .as(err::toString).isZero();
        }
        assertThat(run("broker", "admins", "add", "alice", "--role", "admin", "--tenant", "practice-a", "--password-file",
                dir.resolve("pw").toString(), "--totp-file", dir.resolve("alice.otpauth").toString(), "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().strip()).startsWith("admin alice added (role admin, practice practice-a)");
    }

    @Test
    void eachPracticesListingsShowItsOwnRowsAndNoneOfTheOthers() {
        assertThat(run("broker", "endpoints", "list", "--tenant", "practice-a", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly("cart-1\tcart\tpending\t0\tRoom practice-a");
        assertThat(run("broker", "endpoints", "list", "--tenant", "practice-b", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly("cart-1\tcart\tpending\t0\tRoom practice-b");
        assertThat(run("broker", "endpoints", "list", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString()).as("the default practice has none of theirs").isEmpty();

        assertThat(run("broker", "hosts", "list", "--json", "--tenant", "practice-b", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString()).contains("\"site\":\"south\"").doesNotContain("north");

        assertThat(run("broker", "admins", "list", "--tenant", "practice-a", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().lines()).hasSize(1).first().asString().startsWith("alice\tadmin\t");
        assertThat(run("broker", "admins", "list", "--tenant", "practice-b", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theServiceRoleInAPracticeAndAnUnknownPracticeAreRefusedInOneLine() {
        assertThat(run("broker", "admins", "add", "sam", "--role", "service", "--tenant", "practice-b", "--password-file",
                dir.resolve("pw").toString(), "--totp-file", dir.resolve("sam.otpauth").toString(), "--data", data)).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("the service role works across practices");
        assertThat(Files.exists(dir.resolve("sam.otpauth"))).as("nothing made").isFalse();
        assertThat(run("broker", "hosts", "add", "dh-2", "--tenant", "nowhere", "--data", data)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds add: no practice nowhere; 'rounds broker tenants list' shows them, 'tenants add' makes one");
    }

    @Test
    void usageCountsSessionsPerPracticeAndUtcDaySplittingOneAcrossMidnight() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant twoDaysAgo2330 = today.minusDays(2).atTime(23, 30).toInstant(ZoneOffset.UTC);
        try (StoreAdmin admin = Broker.admin(Path.of(data))) {
            try (var c = admin.db().connection()) {
                audit(c, "practice-a", "nurse", "connect", twoDaysAgo2330);
                audit(c, "practice-a", "nurse", "takeover", twoDaysAgo2330.plusSeconds(600));   // the same session, moved
                audit(c, "practice-a", "nurse", "tap-out", twoDaysAgo2330.plusSeconds(3600));   // 00:30 the next day
                audit(c, "practice-b", "nurse", "connect", twoDaysAgo2330.plusSeconds(7200));
                audit(c, "practice-b", "nurse", "logoff", twoDaysAgo2330.plusSeconds(7200 + 900));
            }
        }
        assertThat(run("broker", "tenants", "usage", "--days", "3", "--json", "--data", data)).as(err::toString).isZero();
        List<String> rows = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(out.toString())) {
            rows.add(r.path("tenant").asText() + " " + LocalDate.parse(r.path("day").asText()).until(today).getDays() + " days ago: "
                    + r.path("sessionsStarted").asInt() + " / " + r.path("sessionSeconds").asLong() + " s / " + r.path("sessionHours").asDouble() + " h");
        }
        assertThat(rows).containsExactly(
                "default 2 days ago: 0 / 0 s / 0.0 h", "default 1 days ago: 0 / 0 s / 0.0 h", "default 0 days ago: 0 / 0 s / 0.0 h",
                "practice-a 2 days ago: 1 / 1800 s / 0.5 h", "practice-a 1 days ago: 0 / 1800 s / 0.5 h", "practice-a 0 days ago: 0 / 0 s / 0.0 h",
                "practice-b 2 days ago: 0 / 0 s / 0.0 h", "practice-b 1 days ago: 1 / 900 s / 0.25 h", "practice-b 0 days ago: 0 / 0 s / 0.0 h");

        assertThat(run("broker", "tenants", "usage", "--days", "0", "--data", data)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds usage: --days must be 1 to 366");
    }

    private static void audit(java.sql.Connection c, String tenant, String user, String kind, Instant at) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (tenant_id, at, kind, user_id, endpoint_id, detail) VALUES (?, ?, ?, ?, 'cart-1', '')")) {
            ps.setString(1, tenant);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, kind);
            ps.setString(4, user);
            ps.executeUpdate();
        }
    }
}
