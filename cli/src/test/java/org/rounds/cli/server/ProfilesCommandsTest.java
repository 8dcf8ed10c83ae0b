package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.takeover.Rows;
import org.rounds.cli.Main;
import org.rounds.testpeers.Await;

/**
 * {@code rounds broker profiles list|show|set|assign} and {@code rounds broker users
 * enrol-by-tap|unlock} through a running broker's admin API, by role; and the one line when no
 * broker is given.
 */
@Tag("unit")
@Timeout(120)
class ProfilesCommandsTest {
    @TempDir Path dir;
    private Path data;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void store() throws Exception {
        data = dir.resolve("data");
        Files.writeString(dir.resolve("admin-password"), "admin-password-9f3c1e\n");
        for (String[] admin : new String[][] {{"alice", "admin"}, {"hugo", "helpdesk"}}) {
            assertThat(run("broker", "admins", "add", admin[0], "--role", admin[1], "--password-file",
                    dir.resolve("admin-password").toString(), "--totp-file", dir.resolve(admin[0] + ".otpauth").toString(),
                    "--data", data.toString())).as(err::toString).isZero();
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String[] as(Broker broker, String admin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--broker", broker.baseUrl(), "--admin", admin, "--admin-password-file", dir.resolve("admin-password").toString(),
                "--totp-file", dir.resolve(admin + ".otpauth").toString()));
        return all.toArray(String[]::new);
    }

    private Broker broker() {
        Broker b = Broker.builder().dataDir(data).port(0).desktops(new org.rounds.broker.takeover.Fakes.Pool(
                new org.rounds.broker.takeover.Fakes.Journal())).build();
        b.start();
        return b;
    }

    private static int post(Broker b, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(b.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void profilesAreSetShownListedAndAssignedThroughTheBroker() throws Exception {
        assertThat(run("broker", "profiles", "list")).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().contains("profiles are changed through a running broker");
        try (Broker broker = broker()) {
            assertThat(post(broker, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}")).isEqualTo(204);
            assertThat(run(as(broker, "hugo", "broker", "profiles", "set", "icu", "--idle-lock-minutes", "2"))).isEqualTo(1);
            assertThat(err.toString().lines()).singleElement().asString()
                    .endsWith("the broker refused (403): admin hugo is helpdesk; this needs admin or higher");
            assertThat(run(as(broker, "alice", "broker", "profiles", "set", "icu", "--idle-lock-minutes", "2", "--language", "fr",
                    "--broker-list", "https://b1:8443,https://b2:8443"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).containsExactly("profile icu version 1: pushed to 0 endpoint(s)");
            assertThat(run(as(broker, "alice", "broker", "profiles", "set", "icu", "--tap-over", "false"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).containsExactly("profile icu version 2: pushed to 0 endpoint(s)");
            assertThat(run(as(broker, "alice", "broker", "profiles", "set", "icu", "--idle-lock-minutes", "-4"))).isEqualTo(1);
            assertThat(err.toString().lines()).singleElement().asString()
                    .endsWith("the broker refused (400): idleLockMinutes must be 0..1440 (0: never lock), not -4");
            assertThat(run(as(broker, "alice", "broker", "profiles", "assign", "icu", "cart-1"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).containsExactly("profile icu assigned to cart-1");

            assertThat(run(as(broker, "hugo", "broker", "profiles", "list"))).as(err::toString).isZero();
            List<String> lines = out.toString().lines().toList();
            assertThat(lines.get(0)).matches("NAME +VERSION +IDLE-LOCK +SAME-USER-TAP +TAP-OVER +CLIPBOARD +LANGUAGE +CHANGED-BY +CHANGED-AT +ENDPOINTS");
            assertThat(lines.get(1)).matches("icu +2 +2 min +lock +false +both +fr +alice +20[0-9T:.Z-]+ +1");
            assertThat(run(as(broker, "hugo", "broker", "profiles", "show", "icu"))).as(err::toString).isZero();
            assertThat(out.toString()).contains("profile icu version 2", "  brokers: https://b1:8443 https://b2:8443",
                    "  endpoints: cart-1", "history:");
            assertThat(out.toString().lines().filter(l -> l.startsWith("icu "))).hasSize(2);
            assertThat(run(as(broker, "hugo", "broker", "profiles", "show", "icu", "--json"))).as(err::toString).isZero();
            assertThat(new ObjectMapper().readTree(out.toString()).path("history")).hasSize(2);
        }
    }

    @Test
    void enrolByTapWaitsUntilTheBadgeIsBoundAndUnlockSaysHowManySources() throws Exception {
        assertThat(run("broker", "enroll", "--user", "chloe", "--name", "Nurse Chloé Martin", "--badge", "0400000001",
                "--data", data.toString())).as(err::toString).isZero();
        try (Broker broker = broker()) {
            assertThat(post(broker, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}")).isEqualTo(204);
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(
                    () -> run(as(broker, "hugo", "broker", "users", "enrol-by-tap", "chloe", "--endpoint", "cart-1", "--wait")));
            Await.until(Duration.ofSeconds(10), "cart-1 armed", () -> Rows.all(broker.database(), "tap_enrolments").size() == 1);
            assertThat(post(broker, BrokerApi.TAPS, "{\"endpointId\":\"cart-1\",\"credential\":\"04BADGE0002\",\"tapId\":\"t-1\"}"))
                    .isEqualTo(200);
            assertThat(waiting.get()).as(err::toString).isZero();
            List<String> lines = out.toString().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("armed: the next badge tapped on cart-1 before 20[0-9T:.Z-]+ is bound to chloe");
            assertThat(lines.get(1)).matches("badge bound to chloe at 20[0-9T:.Z-]+");
            assertThat(out.toString()).doesNotContain("04BADGE0002");
            assertThat(Rows.all(broker.database(), "badges")).extracting(r -> r.get("user_id")).containsExactly("chloe", "chloe");

            assertThat(run(as(broker, "hugo", "broker", "users", "unlock", "chloe"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).containsExactly("unlocked chloe: 0 source(s) cleared");
            assertThat(run(as(broker, "hugo", "broker", "users", "enrol-by-tap", "nobody", "--endpoint", "cart-1"))).isEqualTo(1);
            assertThat(err.toString().lines()).singleElement().asString()
                    .endsWith("the broker refused (404): no user nobody; 'rounds broker users' lists them");
        }
    }
}
