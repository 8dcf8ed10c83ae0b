package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.store.Hosts;
import org.rounds.broker.store.Tx;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.rounds.cli.Main;

/**
 * {@code rounds broker hosts add|list|drain|undrain|revoke} on the store itself (refused while a
 * broker holds it) and through a running broker's admin API, and {@code endpoints add --site}.
 */
@Tag("unit")
@Timeout(120)
class HostCommandsTest {
    private static final String ADMIN_PASSWORD = "admin-password-9f3c1e";
    private static final String UNKNOWN = "no host host-z was added (or it is revoked): 'rounds broker hosts list' shows them";
    @TempDir Path dir;
    private Path data;
    private String brokerUrl;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void files() throws Exception {
        data = dir.resolve("data");
        Files.writeString(dir.resolve("admin-password"), ADMIN_PASSWORD + "\n");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String[] withStore(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data";
        all[args.length + 1] = data.toString();
        return all;
    }

    private String code() {
        assertThat(out.toString().lines()).hasSize(1).allMatch(l -> l.matches("enrolment code: [A-Z2-9]{26}"));
        return out.toString().strip().substring("enrolment code: ".length());
    }

    private static List<String> keys(JsonNode o) {
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void onTheStoreAddPrintsOneCodeListShowsATableOrJsonAndDrainUndrainRevokeSayOneLine() throws Exception {
        assertThat(run(withStore("broker", "hosts", "add", "host-a", "--site", "north"))).as(err::toString).isZero();
        String code = code();
        assertThat(run(withStore("broker", "hosts", "add", "dh-b"))).as(err::toString).isZero();
        assertThat(run(withStore("broker", "hosts", "add", "host-c", "--site", "north wing"))).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().endsWith("--site must be at most 64 characters of A-Z a-z 0-9 . _ : -");

        assertThat(run(withStore("broker", "hosts", "list"))).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "NAME    SITE   ADDRESS  STATE  SESSIONS  CAPACITY",
                "dh-b    -      -        down   0         0",
                "host-a  north  -        down   0         0");
        assertThat(run(withStore("broker", "hosts", "list", "--json"))).as(err::toString).isZero();
        JsonNode hosts = new ObjectMapper().readTree(out.toString());
        assertThat(hosts.isArray()).isTrue();
        assertThat(hosts).hasSize(2);
        assertThat(keys(hosts.get(1))).containsExactly("name", "site", "address", "state", "sessions", "capacity", "provider", "lastHeartbeat");
        assertThat(hosts.get(1).path("name").asText()).isEqualTo("host-a");
        assertThat(hosts.get(1).path("site").asText()).isEqualTo("north");

        assertThat(run(withStore("broker", "hosts", "drain", "host-a"))).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly("host host-a draining: no new desktops go there; its desktops in use go on");
        assertThat(run(withStore("broker", "hosts", "undrain", "host-a"))).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly("host host-a takes new desktops again");
        for (String command : new String[] {"undrain", "revoke"}) {
            assertThat(run(withStore("broker", "hosts", command, "host-z"))).as(command).isEqualTo(1);
            assertThat(err.toString().lines()).as(command).singleElement().asString().endsWith(UNKNOWN);
            assertThat(out.toString()).isEmpty();
        }
        assertThat(run(withStore("broker", "hosts", "revoke", "dh-b"))).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly("revoked dh-b");

        assertThat(run(withStore("broker", "endpoints", "add", "cart-1", "--kind", "cart", "--site", "north"))).as(err::toString).isZero();
        try (StoreAdmin store = Broker.admin(data)) {
            assertThat(Rows.all(store.db(), "hosts")).flatExtracting(r -> new ArrayList<>(r.values()))
                    .noneMatch(v -> v != null && String.valueOf(v).toUpperCase().contains(code));
            assertThat(Rows.all(store.db(), "enrolments")).extracting(r -> r.get("endpoint_id") + "@" + r.get("site"))
                    .containsExactly("cart-1@north");
            assertThat(Rows.all(store.db(), "audit")).extracting(r -> r.get("kind") + " by " + r.get("actor"))
                    .contains("host-added by local:" + System.getProperty("user.name"), "host-drained by local:" + System.getProperty("user.name"));
        }
    }

    @Test
    void whileABrokerHoldsTheStoreTheToolsRefuseItAndWorkThroughItsAdminApiByRole() throws Exception {
        for (String[] admin : new String[][] {{"alice", "admin"}, {"vera", "viewer"}}) {
            assertThat(run(withStore("broker", "admins", "add", admin[0], "--role", admin[1], "--password-file",
                    dir.resolve("admin-password").toString(), "--totp-file", dir.resolve(admin[0] + ".otpauth").toString())))
                    .as(err::toString).isZero();
        }
        try (Broker broker = Broker.builder().dataDir(data).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build()) {
            broker.start();
            brokerUrl = broker.baseUrl();
            assertThat(run(withStore("broker", "hosts", "list"))).isEqualTo(1);
            assertThat(err.toString().lines()).singleElement().asString().contains("is in use by a running broker; use its admin API");

            assertThat(run(as("alice", "broker", "hosts", "add", "host-a", "--site", "north"))).as(err::toString).isZero();
            String code = code();

            // the host enrols and says hello to this broker
            Optional<String> host = Tx.run(broker.database(), c -> Hosts.redeem(c, code, java.time.Instant.now()));
            assertThat(host).contains("host-a");
            new Hosts(broker.database()).hello("host-a", new HostMessage.Hello("embedded", "10.20.0.11:5901", "cd".repeat(32), 4, "",
                    List.of(new HostMessage.Desktop("nurse", true, 0))), broker.brokerId(), java.time.Instant.now());

            assertThat(run(as("vera", "broker", "hosts", "list", "--json"))).as(err::toString).isZero();
            JsonNode a = new ObjectMapper().readTree(out.toString()).get(0);
            assertThat(keys(a)).containsExactly("name", "site", "address", "state", "sessions", "capacity", "provider", "lastHeartbeat");
            assertThat(a.path("state").asText()).isEqualTo("up");
            assertThat(a.path("provider").asText()).isEqualTo("embedded");
            assertThat(a.path("address").asText()).isEqualTo("10.20.0.11:5901");
            assertThat(a.path("sessions").asInt()).isEqualTo(1);
            assertThat(a.path("lastHeartbeat").asText()).isNotEmpty();

            assertThat(run(as("vera", "broker", "hosts", "drain", "host-a"))).isEqualTo(1);
            assertThat(err.toString().lines()).singleElement().asString()
                    .endsWith("the broker refused (403): admin vera is viewer; this needs admin or higher");
            assertThat(run(as("alice", "broker", "hosts", "drain", "host-a"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).containsExactly("host host-a draining: no new desktops go there; its desktops in use go on");
            assertThat(run(as("vera", "broker", "hosts", "list"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).containsExactly(
                    "NAME    SITE   ADDRESS          STATE     SESSIONS  CAPACITY",
                    "host-a  north  10.20.0.11:5901  draining  1         4");
            assertThat(run(as("alice", "broker", "hosts", "drain", "host-z"))).isEqualTo(1);
            assertThat(err.toString().lines()).singleElement().asString().endsWith(UNKNOWN);
            assertThat(run(as("alice", "broker", "hosts", "revoke", "host-a"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).containsExactly("revoked host-a");
            assertThat(run(as("vera", "broker", "hosts", "list", "--json"))).isZero();
            assertThat(out.toString().strip()).isEqualTo("[]");

            assertThat(Rows.all(broker.database(), "audit")).filteredOn(r -> r.get("kind").startsWith("host-"))
                    .extracting(r -> r.get("kind") + " by " + r.get("actor"))
                    .containsExactly("host-added by alice", "host-drained by alice", "host-revoked by alice");
        }
    }

    private String[] as(String admin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--broker", brokerUrl, "--admin", admin, "--admin-password-file", dir.resolve("admin-password").toString(),
                "--totp-file", dir.resolve(admin + ".otpauth").toString()));
        return all.toArray(String[]::new);
    }
}
