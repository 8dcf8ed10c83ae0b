package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.IdleLockReport;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.session.DisplaySession;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingEndpoint;
import org.rounds.roaming.session.RoamingState;
import org.rounds.roaming.session.Transition;
import org.rounds.testpeers.Await;

/**
 * An idle lock on a real endpoint (the roaming state machine on a test clock, a real broker
 * client presenting its enrolled certificate) reaches a real in-process broker over HTTPS, whose embedded desktop pool serves
 * a real RFB viewer: the old reconnect token is refused, the viewer is cut, an {@code idle-lock}
 * audit row is written, and the user's next tap on that cart connects (it is no tap-out).
 */
@Tag("unit")
@Timeout(60)
class IdleLockOverHttpsTest {
    static final String BADGE = "0412345678";

    final MovableClock clock = new MovableClock(java.time.Instant.now());
    final EmbeddedDesktopPool pool = new EmbeddedDesktopPool(clock);
    final Broker broker = Broker.builder().inMemory().port(0).tls(org.rounds.broker.tls.TlsSettings.devCa())
            .desktops(pool).clock(clock).build();
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path endpoints;
    final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
    /** Every tap decision the endpoint got, in order (they carry the reconnect tokens). */
    final List<TapDecision> decisions = new CopyOnWriteArrayList<>();
    /** The real viewers the endpoint's display opened; their close() is the endpoint's, which this display ignores. */
    final List<Viewer> viewers = new CopyOnWriteArrayList<>();
    BrokerClient client;
    RoamingEndpoint cart;

    /** A real RFB viewer and whether its connection was closed under it. */
    record Viewer(RfbSession session, CountDownLatch closed) {}

    @BeforeEach
    void start() throws Exception {
        broker.start();
        broker.enroll("nurse", "Nurse Amina Diallo", BADGE);
        for (String cart : List.of("cart-1", "cart-2")) {
            String code = broker.admin().addEndpoint(cart, "cart", "Ward 4");
            try (BrokerClient enrolling = patient().build()) {
                assertThat(org.rounds.roaming.client.Enrolment.enrol(enrolling, code, endpoints.resolve(cart))).isEqualTo(cart);
            }
            try (BrokerClient as = as(cart)) {
                as.register(new EndpointProfile(cart, EndpointProfile.Kind.CART, "Ward 4").registration());
            }
        }
        client = as("cart-1");
        EndpointProfile profile = new EndpointProfile("cart-1", EndpointProfile.Kind.CART, "Ward 4");
        BrokerCalls recording = new BrokerCalls() {
            @Override public TapDecision tap(TapRequest r) throws BrokerException {
                TapDecision d = client.tap(r);
                decisions.add(d);
                return d;
            }

            @Override public void idleLock(IdleLockReport r) throws BrokerException { client.idleLock(r); }

            @Override public TapDecision reconnect(ReconnectRequest r) throws BrokerException { return client.reconnect(r); }
        };
        // The display connects a real viewer, but (like a stuck endpoint) never closes it itself:
        // if the viewer goes, the broker's desktop host cut it.
        cart = RoamingEndpoint.builder().profile(profile).broker(recording).clock(clock).idleLock(Duration.ofMinutes(5))
                .display((address, listener) -> {
                    Viewer v = connect(address);
                    viewers.add(v);
                    return () -> {};
                })
                .screen(() -> {}).build();
        cart.addListener(transitions::add);
    }

    @AfterEach
    void stop() {
        for (Viewer v : viewers) v.session().close();
        if (cart != null) cart.close();
        if (client != null) client.close();
        broker.close();
        pool.close();
    }

    @Test
    void afterAnIdleLockTheTokenIsRefusedTheViewerCutItIsAuditedAndTheNextTapConnects() throws Exception {
        tapAndShow();
        TapDecision.Connect first = (TapDecision.Connect) decisions.get(0);
        Viewer viewer = viewers.get(0);
        assertThat(viewer.session().awaitFirstFrame(Duration.ofSeconds(5))).isTrue();

        clock.advance(Duration.ofMinutes(5));
        cart.tick();
        Transition locked = next();
        assertThat(locked.to()).isEqualTo(RoamingState.LOCKED);
        assertThat(locked.reason().kind()).isEqualTo(org.rounds.roaming.session.Reason.Kind.IDLE_TIMEOUT);

        assertThat(viewer.closed().await(10, TimeUnit.SECONDS)).as("the desktop host cut the viewer").isTrue();
        Await.until(Duration.ofSeconds(5), "an idle-lock audit row", () -> !auditRows("idle-lock").isEmpty());
        assertThat(auditRows("idle-lock")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("user_id", "nurse").containsEntry("endpoint_id", "cart-1"));
        assertThat(session()).containsEntry("owner_endpoint", null).containsEntry("state", "idle-locked")
                .containsEntry("generation", "2");

        TapDecision again = client.reconnect(new ReconnectRequest("cart-1", "nurse", first.generation(), first.reconnectToken()));
        assertThat(again).isInstanceOfSatisfying(TapDecision.Denied.class,
                d -> assertThat(d.reason()).contains("no longer open on cart-1"));

        tapAndShow();
        assertThat(decisions.get(1)).as("the next tap on that cart connects")
                .isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(3));
        assertThat(auditRows("tap-out")).isEmpty();
        assertThat(viewers.get(1).session().awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void anIdleLockReportFromAnEndpointThatDoesNotOwnTheSessionIs403AndChangesNothing() throws Exception {
        tapAndShow();
        TapDecision.Connect first = (TapDecision.Connect) decisions.get(0);
        Map<String, String> before = session();

        HttpResponse<String> wrongEndpoint = postIdleLock(new IdleLockReport("cart-2", "nurse", first.generation(),
                first.reconnectToken(), clock.instant()));
        HttpResponse<String> wrongGeneration = postIdleLock(new IdleLockReport("cart-1", "nurse", first.generation() + 1,
                first.reconnectToken(), clock.instant()));

        for (HttpResponse<String> r : List.of(wrongEndpoint, wrongGeneration)) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).startsWith("{\"error\":\"endpoint cart-").contains("does not own the session of nurse")
                    .doesNotContain(first.reconnectToken());
        }
        assertThat(session()).isEqualTo(before);
        assertThat(auditRows("idle-lock")).isEmpty();
        assertThat(viewers.get(0).closed().getCount()).as("the viewer still open").isEqualTo(1);
        assertThat(cart.state()).isEqualTo(RoamingState.IN_SESSION);
    }

    @Test
    void aRetriedReportIsAnsweredAsDoneAndAuditedOnce() throws Exception {
        tapAndShow();
        TapDecision.Connect first = (TapDecision.Connect) decisions.get(0);
        IdleLockReport report = new IdleLockReport("cart-1", "nurse", first.generation(), first.reconnectToken(), clock.instant());

        assertThat(postIdleLock(report).statusCode()).isEqualTo(204);
        assertThat(postIdleLock(report).statusCode()).as("the retry after a lost answer").isEqualTo(204);
        assertThat(auditRows("idle-lock")).hasSize(1);
        assertThat(postIdleLock(new IdleLockReport("cart-1", "nurse", first.generation(), "forged", clock.instant())).statusCode())
                .isEqualTo(403);
    }

    /** A broker client trusting the broker's CA, with deadlines for a busy 2-core machine. */
    private BrokerClient.Builder patient() {
        return BrokerClient.builder().broker(broker.baseUrl()).caFile(broker.devCaCertificate().orElseThrow())
                .deadline(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(30));
    }

    /** A broker client presenting {@code cart}'s enrolled certificate. */
    private BrokerClient as(String cart) {
        java.nio.file.Path dir = endpoints.resolve(cart);
        return patient().clientCertificate(dir.resolve(org.rounds.roaming.client.Enrolment.KEY_FILE),
                dir.resolve(org.rounds.roaming.client.Enrolment.CERTIFICATE_FILE)).build();
    }

    private void tapAndShow() throws InterruptedException {
        cart.onEvent(new ReaderEvent.BadgePresented("sim", new Credential(Credential.Technology.SIMULATED, null, BADGE),
                clock.instant()));
        Transition t;
        do {
            t = next();
        } while (t.to() != RoamingState.IN_SESSION && t.to() != RoamingState.LOCKED);
        assertThat(t.to()).as("the tap shows the desktop (%s)", t.reason()).isEqualTo(RoamingState.IN_SESSION);
    }

    private Transition next() throws InterruptedException {
        Transition t = transitions.poll(10, TimeUnit.SECONDS);
        assertThat(t).as("a transition within 10 s").isNotNull();
        return t;
    }

    /** Posts the report with the certificate of the endpoint it names, as that endpoint would. */
    private HttpResponse<String> postIdleLock(IdleLockReport r) throws Exception {
        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(r);
        java.nio.file.Path dir = endpoints.resolve(r.endpointId());
        HttpClient http = HttpClient.newBuilder().sslContext(org.rounds.testpeers.PemTrust.withClientCertificate(
                broker.devCaCertificate().orElseThrow(), dir.resolve(org.rounds.roaming.client.Enrolment.KEY_FILE),
                dir.resolve(org.rounds.roaming.client.Enrolment.CERTIFICATE_FILE))).build();
        return http.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + BrokerApi.IDLE_LOCKS))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Map<String, String>> auditRows(String kind) throws java.sql.SQLException {
        return Rows.all(broker.database(), "audit").stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    private Map<String, String> session() throws java.sql.SQLException {
        return Rows.all(broker.database(), "desktop_sessions").get(0);
    }

    static Viewer connect(DesktopAddress a) throws IOException {
        CountDownLatch closed = new CountDownLatch(1);
        RfbSession s = RfbClient.builder().host(a.host()).port(a.port()).password(a.password()).pinSha256(a.pin()).x509VncOnly().build()
                .connect(new RfbListener() {
                    @Override public void closed(Optional<Throwable> cause) { closed.countDown(); }
                });
        return new Viewer(s, closed);
    }
}
