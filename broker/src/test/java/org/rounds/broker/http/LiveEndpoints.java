package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.takeover.Fakes;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingEndpoint;
import org.rounds.roaming.session.Transition;
import org.rounds.testpeers.Await;

/**
 * A real in-process broker (H2 or PostgreSQL, plain HTTP) on a clock the test moves, an admin logged in to its
 * API, and real endpoints: the roaming state machine with a real broker client and push channel
 * (the display and screen are stand-ins: no desktop is drawn here).
 */
public final class LiveEndpoints implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";
    final AdminApiTest.MovableClock clock = new AdminApiTest.MovableClock();
    public final Broker broker;
    final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    String token;

    public LiveEndpoints() throws Exception {
        this(Broker.builder().inMemory());
    }

    /** The same on a PostgreSQL store: {@code url} as {@code rounds broker --db} takes it, a broker key made at {@code keyFile}. */
    public static LiveEndpoints onPostgres(String url, java.nio.file.Path keyFile) throws Exception {
        org.rounds.broker.auth.KeyFile.create(keyFile);
        return new LiveEndpoints(Broker.builder().database(url).keyFile(keyFile));
    }

    private LiveEndpoints(Broker.Builder store) throws Exception {
        broker = store.port(0).clock(clock).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        token = login("ops", AdminRole.ADMIN);
    }

    /** Adds an admin of {@code role} to the store; its TOTP secret. */
    public byte[] addAdmin(String name, AdminRole role) {
        return Totp.secretOf(broker.admin().addAdmin(name, role, PASSWORD));
    }

    /** Moves the broker's and the endpoints' clock on. */
    public void advance(Duration d) {
        clock.move(d);
    }

    /** The clock the broker and the endpoints share (for a simulated reader). */
    public java.time.Clock clock() {
        return clock;
    }

    /** The admin's current TOTP code on the broker's clock. */
    public String totp(byte[] secret) {
        return Totp.code(secret, clock.instant());
    }

    /** Adds an admin of {@code role} to the store and logs it in; its token. */
    String login(String name, AdminRole role) throws Exception {
        byte[] secret = addAdmin(name, role);
        HttpResponse<String> r = call("POST", BrokerApi.ADMIN + "/sessions", null, json.writeValueAsString(
                java.util.Map.of("name", name, "password", PASSWORD, "totp", Totp.code(secret, clock.instant()))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body()).path("token").asText();
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(broker.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) r.header("Authorization", "Bearer " + token);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An admin call as the logged-in admin, expected to answer {@code status}; its JSON. */
    JsonNode admin(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = call(method, BrokerApi.ADMIN + path, token, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : json.readTree(r.body());
    }

    /** A real endpoint, registered with the broker, its transitions queued. */
    public final class Endpoint implements AutoCloseable {
        final String id;
        final BrokerClient client;
        public final RoamingEndpoint roaming;
        final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
        PushChannel push;

        Endpoint(String id) throws Exception {
            this.id = id;
            client = BrokerClient.builder().broker(broker.baseUrl()).build();
            EndpointProfile profile = new EndpointProfile(id, EndpointProfile.Kind.CART, "Ward 4");
            client.register(profile.registration());
            roaming = RoamingEndpoint.builder().profile(profile).broker(client).clock(clock)
                    .display((address, listener) -> () -> {}).screen(() -> {}).build();
            roaming.addListener(transitions::add);
            open.add(this);
        }

        /** Opens its push channel and waits until the broker holds it. */
        public Endpoint connect() {
            push = client.openPush(id, roaming);
            Await.until(Duration.ofSeconds(5), "the broker to hold " + id + "'s push channel", () -> broker.pushConnected(id));
            return this;
        }

        public Transition next() throws InterruptedException {
            Transition t = transitions.poll(5, TimeUnit.SECONDS);
            assertThat(t).as("a transition of " + id).isNotNull();
            return t;
        }

        @Override
        public void close() {
            if (push != null) push.close();
            roaming.close();
            client.close();
        }
    }

    public Endpoint endpoint(String id) throws Exception {
        return new Endpoint(id);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) c.close();
        broker.close();
    }
}
