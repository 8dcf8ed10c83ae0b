package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.store.Hosts;
import org.rounds.broker.store.Tx;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;

/**
 * The admin API's desktop hosts on a running broker: an admin adds, drains, undrains and revokes;
 * a viewer lists and is refused the rest; every change is an audit row naming the admin.
 */
@Tag("unit")
class AdminHostsApiTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String HOSTS = BrokerApi.ADMIN + "/hosts";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final AdminApiTest.MovableClock clock = new AdminApiTest.MovableClock();
    @TempDir Path dir;
    private Broker broker;
    private String alice;
    private String victor;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.builder().dataDir(dir).port(0).clock(clock).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        alice = token("alice", AdminRole.ADMIN);
        victor = token("victor", AdminRole.VIEWER);
    }

    @AfterEach
    void close() {
        if (broker != null) broker.close();
    }

    private String token(String name, AdminRole role) throws Exception {
        byte[] secret = Totp.secretOf(broker.admin().addAdmin(name, role, PASSWORD));
        HttpResponse<String> r = call("POST", BrokerApi.ADMIN + "/sessions", null, json.writeValueAsString(
                java.util.Map.of("name", name, "password", PASSWORD, "totp", Totp.code(secret, clock.instant()))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body()).path("token").asText();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return AdminApiTest.call(http, broker, method, path, token, body);
    }

    private JsonNode list(String token) throws Exception {
        HttpResponse<String> r = call("GET", HOSTS, token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    @Test
    void anAdminAddsDrainsUndrainsAndRevokesAHostAViewerListsItAndEveryChangeIsAudited() throws Exception {
        assertThat(list(victor)).isEmpty();
        HttpResponse<String> refused = call("POST", HOSTS, victor, "{\"name\":\"host-a\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"error\":\"admin victor is viewer; this needs admin or higher\"}");
        assertThat(call("POST", HOSTS, alice, "{\"name\":\"host-a\",\"site\":\"north wing\"}").body())
                .isEqualTo("{\"error\":\"site must be at most 64 characters of A-Z a-z 0-9 . _ : -\"}");
        assertThat(Rows.all(broker.database(), "hosts")).as("nothing written by a refusal").isEmpty();

        HttpResponse<String> added = call("POST", HOSTS, alice, "{\"name\":\"host-a\",\"site\":\"north\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String code = json.readTree(added.body()).path("enrolmentCode").asText();
        assertThat(code).matches("[A-Z2-9]{26}");
        assertThat(json.readTree(added.body()).path("name").asText()).isEqualTo("host-a");

        JsonNode pending = list(victor).get(0);
        List<String> keys = new ArrayList<>();
        pending.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("name", "site", "address", "state", "sessions", "capacity", "provider", "lastHeartbeat");
        assertThat(pending.path("state").asText()).isEqualTo("down");
        assertThat(pending.path("lastHeartbeat").isNull()).isTrue();

        // the host enrols and says hello on a channel of this broker
        Hosts hosts = new Hosts(broker.database());
        java.util.Optional<String> redeemed = Tx.run(broker.database(), c -> Hosts.redeem(c, code, clock.instant()));
        assertThat(redeemed).contains("host-a");
        hosts.hello("host-a", new HostMessage.Hello("xvnc", "10.20.0.11:5901", "ab".repeat(32), 4, "",
                List.of(new HostMessage.Desktop("nurse", true, 0))), broker.brokerId(), clock.instant());
        JsonNode up = list(victor).get(0);
        assertThat(up.toString()).isEqualTo("{\"name\":\"host-a\",\"site\":\"north\",\"address\":\"10.20.0.11:5901\",\"state\":\"up\","
                + "\"sessions\":1,\"capacity\":4,\"provider\":\"xvnc\",\"lastHeartbeat\":\"" + clock.instant() + "\"}");

        assertThat(call("POST", HOSTS + "/host-a/drain", victor, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", HOSTS + "/host-a/drain", alice, null).statusCode()).isEqualTo(204);
        assertThat(list(victor).get(0).path("state").asText()).isEqualTo("draining");
        assertThat(call("POST", HOSTS + "/host-a/undrain", alice, null).statusCode()).isEqualTo(204);
        assertThat(list(victor).get(0).path("state").asText()).isEqualTo("up");
        clock.move(Duration.ofSeconds(4));
        assertThat(list(victor).get(0).path("state").asText()).as("no heartbeat for 4 s").isEqualTo("down");

        HttpResponse<String> unknown = call("POST", HOSTS + "/host-z/drain", alice, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no host host-z was added (or it is revoked): 'rounds broker hosts list' shows them\"}");
        assertThat(call("DELETE", HOSTS + "/host-z", alice, null).statusCode()).isEqualTo(404);

        assertThat(call("DELETE", HOSTS + "/host-a", victor, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", HOSTS + "/host-a", alice, null).statusCode()).isEqualTo(204);
        assertThat(list(victor)).isEmpty();
        assertThat(call("POST", HOSTS + "/host-a/undrain", alice, null).statusCode()).as("revoked").isEqualTo(404);

        assertThat(Rows.all(broker.database(), "audit")).filteredOn(r -> r.get("kind").startsWith("host-"))
                .extracting(r -> r.get("kind") + " by " + r.get("actor"))
                .containsExactly("host-added by alice", "host-drained by alice", "host-undrained by alice", "host-revoked by alice");
        assertThat(Rows.all(broker.database(), "audit")).extracting(r -> r.get("detail")).noneMatch(d -> d.contains(code));
    }

    @Test
    void anEndpointAddedThroughTheApiKeepsItsSite() throws Exception {
        HttpResponse<String> r = call("POST", BrokerApi.ADMIN + "/enrolments", alice,
                "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 1\",\"site\":\"north\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(call("POST", BrokerApi.ADMIN + "/enrolments", alice, "{\"endpointId\":\"cart-2\",\"kind\":\"cart\"}").statusCode())
                .isEqualTo(201);
        assertThat(Rows.all(broker.database(), "enrolments")).extracting(e -> e.get("endpoint_id") + "@" + e.get("site"))
                .containsExactly("cart-1@north", "cart-2@");
    }
}
