package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.SlowHash;
import org.rounds.broker.store.Credentials;
import org.rounds.broker.store.Enrolments;
import org.rounds.broker.store.Gateways;
import org.rounds.broker.store.Hosts;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.TunnelTickets;
import org.rounds.broker.store.Tx;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.tls.TlsSettings;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.client.PushListener;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.PemTrust;
import org.rounds.testpeers.PostgresServer;

/**
 * Two practices set up alike on one HTTPS broker on PostgreSQL, run as the tables' owner (so
 * row-level security holds as well as the code's filters): in each, user "nurse" with the same
 * badge number, endpoints cart-1, cart-2 and kiosk-1, gateway gw-1 and desktop host dh-1, each
 * enrolled with a code made for its practice. Every non-admin route the broker serves (listed
 * from its Javalin app, so a new one cannot be forgotten) is tried with practice A's
 * certificates against what only B has: each is refused or finds nothing, and B's session,
 * push channels and tickets are untouched.
 */
@Tag("peer")
@Timeout(240)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PracticesApartPostgresTest {
    static final Tenant A = new Tenant("practice-a");
    static final Tenant B = new Tenant("practice-b");
    static final String BADGE = "0412345678";
    static final String PINNED_BADGE = "0400000002";
    static final String WALKER_BADGE = "0400000004";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path data;
    static PostgresServer pg;
    static Broker broker;
    static Path ca;
    static final Map<String, SSLContext> tls = new LinkedHashMap<>();   // "practice-a/cart-1" -> its certificate
    static final Map<String, X509Certificate> certificates = new LinkedHashMap<>();

    @BeforeAll
    static void twoPracticesAlike() throws Exception {
        pg = PostgresServer.start();
        String url = pg.createOwnedDatabase("apart");
        Path keyFile = data.resolve("broker.key");
        org.rounds.broker.auth.KeyFile.create(keyFile);
        broker = Broker.builder().database(url).keyFile(keyFile)
                .dataDir(data.resolve("broker")).port(0).tls(TlsSettings.devCa()).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        ca = broker.devCaCertificate().orElseThrow();
        Instant now = Instant.now();
        for (Tenant t : List.of(A, B)) {
            broker.admin().addTenant(t.name());
            broker.admin().enrollIn(t, "nurse", "Nurse of " + t, BADGE);
            for (String[] e : new String[][] {{"cart-1", "cart"}, {"cart-2", "cart"}, {"kiosk-1", "kiosk"}}) {
                endpoint(t, e[0], e[1], new Enrolments(broker.database()).add(t, e[0], e[1], "Ward of " + t, "", now, "test"));
            }
            named(t, "gw-1", BrokerApi.GATEWAY_ENROLMENTS, new Gateways(broker.database()).add(t, "gw-1", now, "test"));
            named(t, "dh-1", BrokerApi.HOST_ENROLMENTS, new Hosts(broker.database()).add(t, "dh-1", "", now, "test"));
        }
        // What only B has: a user with a PIN and a password, and a kiosk account.
        broker.admin().enrollIn(B, "pinned", "Pinned of B", PINNED_BADGE);
        broker.admin().enrollIn(B, "walker", "Walker of B", WALKER_BADGE);
        Tx.run(broker.database(), B, c -> {
            Credentials.setPin(c, "pinned", SlowHash.hash("2468"));
            Credentials.setPassword(c, "pinned", SlowHash.hash("b-secret-1"));
            sql(c, "INSERT INTO users (tenant_id, id, display_name, created_at) VALUES (?, 'lobby', 'Lobby of B', ?)", B.name(), now);
            sql(c, "INSERT INTO kiosk_assignments (tenant_id, endpoint_id, user_id, assigned_at) VALUES (?, 'kiosk-1', 'lobby', ?)", B.name(), now);
            sql(c, "UPDATE users SET outside_allowed = TRUE WHERE tenant_id = ? AND id = 'nurse'", B.name());
            return null;
        });
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
        if (pg != null) pg.close();
    }

    @Test
    void eachCertificateNamesThePracticeItsCodeWasMadeFor() throws Exception {
        for (Tenant t : List.of(A, B)) {
            assertThat(uriOf(certificates.get(t + "/cart-1"))).isEqualTo("urn:rounds:endpoint:" + t + ":cart-1");
            assertThat(uriOf(certificates.get(t + "/gw-1"))).isEqualTo("urn:rounds:gateway:" + t + ":gw-1");
            assertThat(uriOf(certificates.get(t + "/dh-1"))).isEqualTo("urn:rounds:host:" + t + ":dh-1");
        }
        assertThat(rows("SELECT tenant_id || ' ' || endpoint_id FROM endpoint_certificates")).containsExactlyInAnyOrder(
                "practice-a cart-1", "practice-a cart-2", "practice-a kiosk-1", "practice-b cart-1", "practice-b cart-2", "practice-b kiosk-1");
    }

    /**
     * A practice's desktop host stands for PRACTICE/NAME on the control channel (served by brokers
     * with {@code --desktops hosts}; this one serves its own desktops): two practices' dh-1 are two
     * channels, each placed on and commanded for its own practice's desktops only.
     */
    @Test
    void aPracticesDesktopHostIsNamedWithItsPractice() throws Exception {
        HostIdentity hosts = HostIdentity.byCertificate(new Hosts(broker.database()), certificate(Files.readString(ca)), java.time.Clock.systemUTC());
        assertThat(hosts.hostOf(new X509Certificate[] {certificates.get("practice-a/dh-1")})).isEqualTo("practice-a/dh-1");
        assertThat(hosts.host(certificates.get("practice-b/dh-1"))).contains("practice-b/dh-1");
    }

    @Test
    void everyNonAdminRouteIsRefusedOrFindsNothingAcrossPractices() throws Exception {
        // B's nurse on B's cart-1 at generation 2 (moved there from B's cart-2), with its reconnect token.
        assertThat(tap(B, "cart-2", BADGE, "b-1")).contains("\"decision\":\"connect\"");
        JsonNode bSession = JSON.readTree(tap(B, "cart-1", BADGE, "b-2"));
        assertThat(bSession.path("generation").asLong()).isEqualTo(2);
        String bToken = bSession.path("reconnectToken").asText();
        JsonNode bPin = JSON.readTree(tap(B, "cart-1", PINNED_BADGE, "b-3"));
        assertThat(bPin.path("decision").asText()).isEqualTo("pin-required");
        String bTicket = Tx.run(broker.database(), B, c -> TunnelTickets.issue(c, "nurse", "10.0.0.21", 5900, Instant.now()));
        String bNurse = "SELECT tenant_id || ' ' || user_id || ' ' || owner_endpoint || ' ' || generation FROM desktop_sessions "
                + "WHERE tenant_id = 'practice-b' AND user_id = 'nurse'";
        assertThat(rows(bNurse)).containsExactly("practice-b nurse cart-1 2");

        SSLContext aCart = tls.get("practice-a/cart-1"), aKiosk = tls.get("practice-a/kiosk-1"), aGateway = tls.get("practice-a/gw-1");
        String outside = BrokerApi.OUTSIDE_SOURCE_HEADER;
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("GET " + BrokerApi.HEALTH_LIVE, () -> assertThat(get(aCart, BrokerApi.HEALTH_LIVE).body()).doesNotContain("practice"));
        probes.put("GET " + BrokerApi.HEALTH_READY, () -> assertThat(get(aCart, BrokerApi.HEALTH_READY).body()).doesNotContain("practice"));
        probes.put("GET " + BrokerApi.METRICS, () -> assertThat(get(aCart, BrokerApi.METRICS).body()).doesNotContain("practice-b"));
        probes.put("GET " + BrokerApi.OPENAPI, () -> assertThat(get(aCart, BrokerApi.OPENAPI).statusCode()).isEqualTo(200));
        probes.put("POST " + BrokerApi.ENDPOINTS, () -> {
            assertThat(post(aCart, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-2\",\"kind\":\"cart\",\"location\":\"moved by A\"}").statusCode())
                    .as("A's cart-1 speaks for no other endpoint").isEqualTo(403);
            assertThat(post(aCart, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"A's new room\"}").statusCode())
                    .isEqualTo(204);
            assertThat(rows("SELECT tenant_id || ' ' || location FROM endpoints WHERE id = 'cart-1'"))
                    .containsExactlyInAnyOrder("practice-a A's new room", "practice-b Ward of practice-b");
        });
        probes.put("POST " + BrokerApi.TAPS, () -> {
            assertThat(tap(A, "cart-1", PINNED_BADGE, "a-1")).as("B's badge is nobody's in A").contains("\"decision\":\"unknown-badge\"");
            assertThat(tap(A, "cart-1", "0400000003", "b-1")).as("B's tap id is A's to use: no replay of B's decision")
                    .contains("\"decision\":\"unknown-badge\"");
        });
        probes.put("POST " + BrokerApi.RECONNECT, () -> assertThat(post(aCart, BrokerApi.RECONNECT,
                "{\"endpointId\":\"cart-1\",\"userId\":\"nurse\",\"generation\":2,\"reconnectToken\":\"" + bToken + "\"}").body())
                .contains("\"decision\":\"denied\"").contains("reconnect token does not match"));
        probes.put("POST " + BrokerApi.PINS, () -> assertThat(post(aCart, BrokerApi.PINS, "{\"endpointId\":\"cart-1\",\"pinToken\":\""
                + bPin.path("pinToken").asText() + "\",\"pin\":\"2468\",\"tapId\":\"a-pin\"}").body())
                .contains("the PIN request expired; tap again"));
        probes.put("POST " + BrokerApi.LOGINS, () -> assertThat(post(aCart, BrokerApi.LOGINS,
                "{\"endpointId\":\"cart-1\",\"userId\":\"pinned\",\"password\":\"b-secret-1\",\"tapId\":\"a-login\"}").body())
                .contains("wrong user id or password"));
        probes.put("POST " + BrokerApi.LOGOFF, () -> assertThat(post(aCart, BrokerApi.LOGOFF,
                "{\"endpointId\":\"cart-1\",\"userId\":\"nurse\",\"generation\":2,\"reconnectToken\":\"" + bToken + "\"}").body())
                .contains("logoff token does not match"));
        probes.put("POST " + BrokerApi.IDLE_LOCKS, () -> assertThat(post(aCart, BrokerApi.IDLE_LOCKS,
                "{\"endpointId\":\"cart-1\",\"userId\":\"nurse\",\"generation\":2,\"reconnectToken\":\"" + bToken
                        + "\",\"lockedAt\":\"2026-12-07T08:00:00Z\"}").statusCode()).isEqualTo(403));
        probes.put("POST " + BrokerApi.KIOSK_SESSIONS, () -> assertThat(post(aKiosk, BrokerApi.KIOSK_SESSIONS,
                "{\"endpointId\":\"kiosk-1\",\"tapId\":\"a-kiosk\"}").body()).as("B's lobby account is not A's kiosk's")
                .contains("no shared account is assigned to kiosk kiosk-1"));
        probes.put("WS " + BrokerApi.PUSH, this::aPushChannelHearsNothingOfB);
        probes.put("POST " + BrokerApi.ENROLMENTS, () -> assertThat(post(PemTrust.only(ca), BrokerApi.ENROLMENTS,
                JSON.writeValueAsString(Map.of("code", "ABCDEFGHJKMNPQRSTUVWXYZ234", "csr", HostEnrolmentTest.csr(HostEnrolmentTest.ecKey()))))
                .statusCode()).isEqualTo(403));
        probes.put("POST " + BrokerApi.HOST_ENROLMENTS, () -> assertThat(GatewayKit.enrol(broker, ca, BrokerApi.HOST_ENROLMENTS,
                "ABCDEFGHJKMNPQRSTUVWXYZ234", HostEnrolmentTest.ecKey(), "dh-1").statusCode()).isEqualTo(403));
        probes.put("POST " + BrokerApi.GATEWAY_ENROLMENTS, () -> assertThat(GatewayKit.enrol(broker, ca, BrokerApi.GATEWAY_ENROLMENTS,
                "ABCDEFGHJKMNPQRSTUVWXYZ234", HostEnrolmentTest.ecKey(), "gw-1").statusCode()).isEqualTo(403));
        probes.put("POST " + BrokerApi.REMOTE_SIGN_INS, () -> {
            HttpResponse<String> r = GatewayKit.post(aGateway, broker, BrokerApi.REMOTE_SIGN_INS, "{\"userId\":\"nurse\",\"password\":\"x\","
                    + "\"code\":\"123456\",\"deviceId\":\"mac-1\",\"tapId\":\"a-out\"}", outside, "203.0.113.7");
            assertThat(r.statusCode()).as("B's nurse may sign in from outside; A's may not, and A's gateway reaches A's only").isEqualTo(403);
            assertThat(r.body()).contains("may not sign in from outside");
        });
        probes.put("POST " + BrokerApi.REMOTE_RECONNECTS, () -> assertThat(GatewayKit.post(aGateway, broker, BrokerApi.REMOTE_RECONNECTS,
                "{\"endpointId\":\"cart-1\",\"userId\":\"nurse\",\"generation\":2,\"reconnectToken\":\"" + bToken + "\"}", outside, "203.0.113.7")
                .statusCode()).isEqualTo(403));
        probes.put("POST " + BrokerApi.REMOTE_TUNNELS, () -> {
            assertThat(GatewayKit.post(aGateway, broker, BrokerApi.REMOTE_TUNNELS, "{\"ticket\":\"" + bTicket + "\"}").statusCode())
                    .as("B's ticket is unknown to A's gateway").isEqualTo(404);
            assertThat(GatewayKit.post(tls.get("practice-b/gw-1"), broker, BrokerApi.REMOTE_TUNNELS, "{\"ticket\":\"" + bTicket + "\"}").body())
                    .as("and still B's to use").contains("10.0.0.21");
        });

        List<String> served = broker.routes().stream()
                .filter(r -> !r.contains(BrokerApi.ADMIN) && !r.contains("/console")).distinct().toList();
        assertThat(served).as("the routes are listed from the app").contains("POST " + BrokerApi.TAPS, "WS " + BrokerApi.PUSH,
                "POST " + BrokerApi.REMOTE_TUNNELS, "POST " + BrokerApi.ENROLMENTS);
        assertThat(probes.keySet()).as("every non-admin route has a cross-practice probe here").containsAll(served);
        for (String route : served) probes.get(route).run();

        assertThat(rows(bNurse)).as("B's nurse's session, as before A tried anything").containsExactly("practice-b nurse cart-1 2");
        assertThat(rows("SELECT user_id FROM desktop_sessions WHERE tenant_id = 'practice-a'")).as("nothing of A's opened either").isEmpty();
        assertThat(rows("SELECT DISTINCT tenant_id FROM audit WHERE detail LIKE '%a-1%' OR detail LIKE '%a-pin%'")).doesNotContain("practice-b");
    }

    /**
     * Last (it leaves practice A limited): A held to 1 tap a second is answered 429 with
     * Retry-After and one line naming the limit, while B's taps at the same time are all answered.
     */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void aPracticeOverItsTapRateIsAnswered429WhileTheOtherIsNot() throws Exception {
        new org.rounds.broker.store.Tenants(broker.database()).setLimits(A, new org.rounds.broker.store.PracticeLimits(0, 1), Instant.now(), "test");
        List<HttpResponse<String>> refused = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        // the broker reads a practice's limits at most every 5 s: A's taps go on until they meet the new one
        Await.until(Duration.ofSeconds(20), "practice A's taps to meet its limit of 1 a second", () -> {
            HttpResponse<String> a = post(tls.get("practice-a/cart-1"), BrokerApi.TAPS,
                    "{\"endpointId\":\"cart-1\",\"credential\":\"" + BADGE + "\",\"tapId\":\"a-rate-" + n.incrementAndGet() + "\"}");
            HttpResponse<String> b = post(tls.get("practice-b/cart-1"), BrokerApi.TAPS,
                    "{\"endpointId\":\"cart-1\",\"credential\":\"" + BADGE + "\",\"tapId\":\"b-rate-" + n.get() + "\"}");
            assertThat(b.statusCode()).as("B is not held to A's limit").isEqualTo(200);
            if (a.statusCode() == 429) refused.add(a);
            return !refused.isEmpty();
        });
        HttpResponse<String> r = refused.get(0);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(r.body()).isEqualTo("{\"error\":\"practice practice-a is at its limit of 1 taps a second on this broker; wait 1 s and tap again "
                + "(an administrator sets the practice's limits)\"}");
    }

    /** Revoking A's cart-2 closes A's push channel of that name, and B's cart-2 keeps its own. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1)   // after the others: A's cart-2 is enrolled no more
    void aRevocationClosesOnlyThatPracticesChannel() throws Exception {
        List<String> closedA = Collections.synchronizedList(new ArrayList<>()), closedB = Collections.synchronizedList(new ArrayList<>());
        try (BrokerClient a = client(A, "cart-2"); BrokerClient b = client(B, "cart-2");
             PushChannel ac = a.openPush("cart-2", closing(closedA)); PushChannel bc = b.openPush("cart-2", closing(closedB))) {
            Await.until(Duration.ofSeconds(20), "both practices' cart-2 channels to open",
                    () -> rows("SELECT tenant_id FROM push_channels WHERE endpoint_id = 'cart-2'").size() == 2);
            assertThat(new Enrolments(broker.database()).revoke(A, "cart-2", Instant.now(), "test")).isTrue();
            Await.until(Duration.ofSeconds(10), "A's cart-2 channel to be closed", () -> !closedA.isEmpty());
            // three of the broker's checks since: B's channel of the same name is still open
            Thread.sleep(3 * 500);
            assertThat(closedB).as("B's cart-2 channel").isEmpty();
            assertThat(rows("SELECT tenant_id FROM push_channels WHERE endpoint_id = 'cart-2'").toString())
                    .contains("practice-b").doesNotContain("practice-a");
        }
    }

    private static PushListener closing(List<String> closed) {
        return new PushListener() {
            @Override public void onPush(PushEvent event, PushChannel channel) {}

            @Override public void disconnected(String reason) {
                closed.add(reason);
            }
        };
    }

    /** A's cart-2 and B's cart-2 hold push channels at once; B's walker's session moving off B's cart-2 is told to B's only. */
    private void aPushChannelHearsNothingOfB() throws Exception {
        List<PushEvent> heardByA = Collections.synchronizedList(new ArrayList<>()), heardByB = Collections.synchronizedList(new ArrayList<>());
        try (BrokerClient a = client(A, "cart-2"); BrokerClient b = client(B, "cart-2");
             PushChannel ac = a.openPush("cart-2", listener(heardByA)); PushChannel bc = b.openPush("cart-2", listener(heardByB))) {
            Await.until(Duration.ofSeconds(20), "both practices' cart-2 channels to open",
                    () -> broker.database() != null && rows("SELECT tenant_id FROM push_channels WHERE endpoint_id = 'cart-2'").size() == 2);
            assertThat(tap(B, "cart-2", WALKER_BADGE, "b-push-1")).contains("\"decision\":\"connect\"");
            assertThat(tap(B, "cart-1", WALKER_BADGE, "b-push-2")).contains("\"decision\":\"connect\"");
            Await.until(Duration.ofSeconds(20), "B's cart-2 to hear its session moved", () -> !heardByB.isEmpty());
            assertThat(heardByB).anyMatch(e -> e instanceof PushEvent.SessionMoved m && m.toEndpoint().equals("cart-1"));
            assertThat(heardByA).noneMatch(e -> e instanceof PushEvent.SessionMoved);
        }
    }

    @FunctionalInterface
    interface Probe {
        void run() throws Exception;
    }

    private static PushListener listener(List<PushEvent> heard) {
        return new PushListener() {
            @Override public void onPush(PushEvent event, PushChannel channel) {
                heard.add(event);
            }

            @Override public void disconnected(String reason) {}
        };
    }

    private static BrokerClient client(Tenant t, String endpoint) {
        Path dir = data.resolve(t.name()).resolve(endpoint);
        return BrokerClient.builder().deadline(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(30)).broker(broker.baseUrl()).caFile(ca)
                .clientCertificate(dir.resolve(Enrolment.KEY_FILE), dir.resolve(Enrolment.CERTIFICATE_FILE)).build();
    }

    static String tap(Tenant t, String endpoint, String badge, String tapId) throws Exception {
        HttpResponse<String> r = post(tls.get(t + "/" + endpoint), BrokerApi.TAPS,
                "{\"endpointId\":\"" + endpoint + "\",\"credential\":\"" + badge + "\",\"tapId\":\"" + tapId + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** Enrols endpoint {@code id} of practice {@code t} as a real endpoint does, and registers it. */
    private static void endpoint(Tenant t, String id, String kind, String code) throws Exception {
        Path dir = data.resolve(t.name()).resolve(id);
        try (BrokerClient client = BrokerClient.builder().deadline(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(20)).callTimeout(Duration.ofSeconds(30)).broker(broker.baseUrl()).caFile(ca).build()) {
            assertThat(Enrolment.enrol(client, code, dir)).isEqualTo(id);
        }
        SSLContext context = PemTrust.withClientCertificate(ca, dir.resolve(Enrolment.KEY_FILE), dir.resolve(Enrolment.CERTIFICATE_FILE));
        tls.put(t + "/" + id, context);
        certificates.put(t + "/" + id, certificate(Files.readString(dir.resolve(Enrolment.CERTIFICATE_FILE))));
        HttpResponse<String> registered = post(context, BrokerApi.ENDPOINTS,
                "{\"endpointId\":\"" + id + "\",\"kind\":\"" + kind + "\",\"location\":\"Ward of " + t + "\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(204);
    }

    /** Enrols a gateway or desktop host of practice {@code t} through {@code path}; keeps a TLS context presenting it. */
    private static void named(Tenant t, String name, String path, String code) throws Exception {
        KeyPair key = HostEnrolmentTest.ecKey();
        HttpResponse<String> r = GatewayKit.enrol(broker, ca, path, code, key, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Path dir = Files.createDirectories(data.resolve(t.name())), keyFile = dir.resolve(name + "-key.pem"), certFile = dir.resolve(name + ".pem");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(certFile, JSON.readTree(r.body()).path("certificate").asText());
        tls.put(t + "/" + name, PemTrust.withClientCertificate(ca, keyFile, certFile));
        certificates.put(t + "/" + name, certificate(Files.readString(certFile)));
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String uriOf(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream().filter(n -> Integer.valueOf(6).equals(n.get(0))).map(n -> (String) n.get(1))
                .findFirst().orElseThrow();
    }

    private static void sql(java.sql.Connection c, String sql, Object... args) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Instant at) ps.setTimestamp(i + 1, Timestamp.from(at));
                else ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    /** The first column of every row {@code query} gives, read in the service mode (every practice's rows). */
    private static List<String> rows(String query) throws java.sql.SQLException {
        return Tx.asService(broker.database(), "test", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    static HttpResponse<String> post(SSLContext tls, String path, String body) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        return c.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(SSLContext tls, String path) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        return c.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The HTTP status a WebSocket upgrade on {@code path} is answered with (101 when it opens). */
    static int upgradeStatus(SSLContext tls, String path) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(broker.baseUrl().replace("https://", "wss://") + path);
        try {
            c.newWebSocketBuilder().buildAsync(uri, new java.net.http.WebSocket.Listener() {}).get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw e;
        }
    }
}
