package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.rounds.broker.tls.TlsSettings;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.client.PushListener;
import org.rounds.testpeers.Await;

/**
 * Outside sign-ins through an enrolled gateway (POST {@value BrokerApi#REMOTE_SIGN_INS}) and the
 * tunnel tickets they give (POST {@value BrokerApi#REMOTE_TUNNELS}), on a real HTTPS broker with
 * real certificates: TOTP codes computed here from the otpauth URI the store tool printed, an
 * inside cart with its push channel, and each refusal's status and line.
 */
@Tag("unit")
@Timeout(90)
class OutsideSignInTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCTOR_BADGE = "04D0C70B01";
    private static final String PASSWORD = "correct horse battery";
    @TempDir static Path data;
    @TempDir static Path files;
    private static volatile Duration ahead = Duration.ZERO;
    /** The real time (TLS checks certificates against it), moved ahead when a test says so. */
    private static final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(ahead); }
    };
    static Broker broker;
    static Path ca;
    static SSLContext gateway, cart1, cart2;
    static final Map<String, byte[]> secrets = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        // Each source's burst of 10 logins refills at one an hour, not one per 5 s: on a loaded machine a test's
        // 14 sign-ins from one address outlasted two refills, and its last was not refused.
        broker = Broker.builder().dataDir(data).port(0).clock(clock).tls(TlsSettings.devCa()).loginRateLimit(1.0 / 3600, 10)
                .desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        ca = broker.devCaCertificate().orElseThrow();
        broker.enroll("doctor", "Dr. Louis Martin", DOCTOR_BADGE);
        for (String user : List.of("intern", "nurse", "resident")) broker.enroll(user, user, "04AA" + user.hashCode());
        for (String user : List.of("doctor", "intern", "nurse", "resident")) broker.admin().setPassword(user, PASSWORD);
        for (String user : List.of("doctor", "intern", "nurse")) secrets.put(user, Totp.secretOf(broker.admin().enrolTotp(user)));
        for (String user : List.of("doctor", "intern", "resident")) broker.admin().setOutside(user, true);
        gateway = GatewayKit.gateway(broker, ca, "gw-1", files);
        cart1 = GatewayKit.endpoint(broker, ca, "cart-1", "cart", files);
        cart2 = GatewayKit.endpoint(broker, ca, "cart-2", "cart", files);
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    /** The user's code for a step no sign-in here used yet: the clock moves a step ahead first. */
    private static String freshCode(String user) {
        ahead = ahead.plusSeconds(30);
        return Totp.code(secrets.get(user), clock.instant());
    }

    private static HttpResponse<String> signIn(String source, String user, String password, String code, String device, String tapId)
            throws Exception {
        return GatewayKit.post(gateway, broker, BrokerApi.REMOTE_SIGN_INS, JSON.writeValueAsString(Map.of("userId", user,
                "password", password, "code", code, "deviceId", device, "tapId", tapId)), BrokerApi.OUTSIDE_SOURCE_HEADER, source);
    }

    private static HttpResponse<String> redeem(String ticket) throws Exception {
        return GatewayKit.post(gateway, broker, BrokerApi.REMOTE_TUNNELS, JSON.writeValueAsString(Map.of("ticket", ticket)));
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error").asText();
    }

    private static List<Map<String, String>> audit(String kind) throws Exception {
        return Rows.all(broker.database(), "audit").stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    @Test
    void anOutsideSignInTakesTheSessionFromTheInsideCartWhichHearsFirstAndAnInsideTapTakesItBack() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Path dir = files.resolve("cart-1");
        try (BrokerClient client = BrokerClient.builder().deadline(Duration.ofSeconds(30)).broker(broker.baseUrl()).caFile(ca)
                .clientCertificate(dir.resolve(Enrolment.KEY_FILE), dir.resolve(Enrolment.CERTIFICATE_FILE)).build();
             PushChannel channel = client.openPush("cart-1", (PushListener) (event, ch) -> {
                 order.add(event instanceof PushEvent.SessionMoved m ? "session-moved to " + m.toEndpoint() : event.toString());
                 ch.ack(new PushAck(event.eventId()));
             })) {
            Await.until(Duration.ofSeconds(10), "cart-1's push channel to open", () -> broker.pushConnected("cart-1"));
            HttpResponse<String> inside = GatewayKit.post(cart1, broker, BrokerApi.TAPS,
                    "{\"endpointId\":\"cart-1\",\"credential\":\"" + DOCTOR_BADGE + "\",\"tapId\":\"in-1\"}");
            assertThat(inside.body()).contains("\"decision\":\"connect\"");

            HttpResponse<String> outside = signIn("203.0.113.7", "doctor", PASSWORD, freshCode("doctor"), "home-mac-1", "out-1");
            order.add("answer " + outside.statusCode());
            assertThat(order).as("the inside cart is told before the doctor at home gets the desktop")
                    .containsExactly("session-moved to home-mac-1", "answer 200");
            JsonNode answer = JSON.readTree(outside.body());
            assertThat(answer.path("userId").asText()).isEqualTo("doctor");
            assertThat(answer.path("displayName").asText()).isEqualTo("Dr. Louis Martin");
            assertThat(answer.path("password").asText()).startsWith("pw");
            assertThat(answer.path("generation").asLong()).isEqualTo(2);
            assertThat(answer.path("tunnelTicket").asText()).matches("[A-Za-z0-9_-]{43}");
            assertThat(outside.body()).as("the inside address stays inside").doesNotContain("127.0.0.1").doesNotContain("5901");
            assertThat(Rows.all(broker.database(), "endpoints")).filteredOn(e -> "home-mac-1".equals(e.get("id")))
                    .singleElement().satisfies(e -> assertThat(e.get("kind")).isEqualTo("remote"));
            assertThat(Rows.all(broker.database(), "tunnel_tickets")).extracting(t -> t.get("ticket_sha256"))
                    .as("only a hash is kept").doesNotContain(answer.path("tunnelTicket").asText());

            HttpResponse<String> tunnel = redeem(answer.path("tunnelTicket").asText());
            assertThat(tunnel.statusCode()).isEqualTo(200);
            // with the pin and one-time password the sign-in answer carried, for a gateway that ends the desktop's TLS
            assertThat(JSON.readTree(tunnel.body())).isEqualTo(JSON.readTree("{\"host\":\"127.0.0.1\",\"port\":5901,\"userId\":\"doctor\",\"pin\":"
                    + JSON.writeValueAsString(answer.path("pin").asText()) + ",\"password\":" + JSON.writeValueAsString(answer.path("password").asText()) + "}"));
            HttpResponse<String> twice = redeem(answer.path("tunnelTicket").asText());
            assertThat(twice.statusCode()).as("a ticket opens one tunnel").isEqualTo(404);
            assertThat(error(twice)).isEqualTo("tunnel ticket is unknown, already used or expired: the device signs in again for a new one");

            HttpResponse<String> back = GatewayKit.post(cart1, broker, BrokerApi.TAPS,
                    "{\"endpointId\":\"cart-1\",\"credential\":\"" + DOCTOR_BADGE + "\",\"tapId\":\"in-2\"}");
            assertThat(JSON.readTree(back.body()).path("decision").asText()).isEqualTo("connect");
            assertThat(JSON.readTree(back.body()).path("generation").asLong()).isEqualTo(3);
        }
        assertThat(audit("takeover")).extracting(r -> r.get("detail"))
                .contains("from cart-1 to home-mac-1 at generation 2", "from home-mac-1 to cart-1 at generation 3");
        assertThat(audit("outside-sign-in")).singleElement()
                .satisfies(r -> assertThat(r.get("detail")).isEqualTo("from outside:203.0.113.7 through gateway gw-1"))
                .satisfies(r -> assertThat(r.get("endpoint_id")).isEqualTo("home-mac-1"));
        assertThat(audit("tunnel-open")).singleElement()
                .satisfies(r -> assertThat(r.get("detail")).isEqualTo("to 127.0.0.1:5901 through gateway gw-1"));
    }

    @Test
    void aWrongCodeThenAReusedCodeAreRefused401AndTheSourceIsThrottledAfterRepeats() throws Exception {
        String code = freshCode("intern");
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        HttpResponse<String> bad = signIn("198.51.100.20", "intern", PASSWORD, wrong, "intern-pc", "w-1");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(error(bad)).isEqualTo("wrong password or code for intern");
        assertThat(signIn("198.51.100.20", "intern", PASSWORD, code, "intern-pc", "w-2").statusCode()).isEqualTo(200);
        List<HttpResponse<String>> reused = new ArrayList<>();
        for (int i = 0; i < 12; i++) reused.add(signIn("198.51.100.20", "intern", PASSWORD, code, "intern-pc", "w-r" + i));
        assertThat(reused.get(0).statusCode()).isEqualTo(401);
        assertThat(error(reused.get(0))).isEqualTo("code already used: wait for the next code on the phone (every 30 s) and sign in again");
        assertThat(reused).extracting(HttpResponse::statusCode).as("the burst of 10 spent, the source waits").endsWith(429, 429);
        HttpResponse<String> throttled = reused.get(reused.size() - 1);
        assertThat(error(throttled)).startsWith("too many logins from outside:198.51.100.20; wait ");
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(audit("outside-sign-in-refused")).extracting(r -> r.get("detail"))
                .anyMatch(d -> d.startsWith("401 from outside:198.51.100.20 through gateway gw-1: code already used"))
                .filteredOn(d -> d.startsWith("429 from outside:198.51.100.20 through gateway gw-1: too many"))
                .as("one row for the throttled ones in a minute").hasSize(1);
    }

    @Test
    void aUserRefusedOutsideAccessIs403AndOneWithoutACodeGeneratorIsToldHowToGetOne() throws Exception {
        long tickets = Rows.count(broker.database(), "tunnel_tickets");
        HttpResponse<String> nurse = signIn("198.51.100.30", "nurse", PASSWORD, freshCode("nurse"), "nurse-pc", "n-1");
        assertThat(nurse.statusCode()).isEqualTo(403);
        assertThat(error(nurse)).isEqualTo("user nurse may not sign in from outside the hospital: an administrator allows it with "
                + "'rounds broker users outside nurse --allow'");
        HttpResponse<String> nobody = signIn("198.51.100.30", "nobody", PASSWORD, "123456", "nurse-pc", "n-2");
        assertThat(nobody.statusCode()).isEqualTo(403);
        assertThat(error(nobody)).as("the same line: it tells no one who exists").isEqualTo(error(nurse).replace("nurse", "nobody"));
        HttpResponse<String> resident = signIn("198.51.100.30", "resident", PASSWORD, "123456", "res-pc", "n-3");
        assertThat(resident.statusCode()).isEqualTo(403);
        assertThat(error(resident)).isEqualTo("user resident has no TOTP code generator enrolled: an administrator runs "
                + "'rounds broker users totp resident' and gives them the otpauth URI for their phone");
        HttpResponse<String> asCart = signIn("198.51.100.30", "intern", PASSWORD, freshCode("intern"), "cart-2", "n-4");
        assertThat(asCart.statusCode()).as("an outside device never speaks for an inside endpoint").isEqualTo(409);
        assertThat(Rows.count(broker.database(), "tunnel_tickets")).as("no ticket for a refusal").isEqualTo(tickets);
    }

    @Test
    void fiftyWrongPasswordsFromOutsideDoNotLockTheDoctorsBadgeOrPasswordInside() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        // One code for every guess: a fresh one each moved the clock 30 s a guess, 25 min in all, past the
        // lockout, so on a loaded machine (the source's throttle refilling meanwhile) a late guess was 401.
        String code = freshCode("doctor");
        for (int i = 0; i < 50; i++) statuses.add(signIn("198.51.100.50", "doctor", "guess " + i, code, "x", "g-" + i).statusCode());
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 50)).as("locked out, then throttled, from that address only").containsOnly(429);
        assertThat(Rows.all(broker.database(), "auth_failures")).filteredOn(r -> "doctor".equals(r.get("user_id")))
                .extracting(r -> r.get("source")).containsOnly("outside:198.51.100.50");

        HttpResponse<String> tap = GatewayKit.post(cart2, broker, BrokerApi.TAPS,
                "{\"endpointId\":\"cart-2\",\"credential\":\"" + DOCTOR_BADGE + "\",\"tapId\":\"fifty-tap\"}");
        assertThat(JSON.readTree(tap.body()).path("decision").asText()).as("the badge inside").isEqualTo("connect");
        HttpResponse<String> login = GatewayKit.post(cart1, broker, BrokerApi.LOGINS, "{\"endpointId\":\"cart-1\",\"userId\":\"doctor\","
                + "\"password\":\"" + PASSWORD + "\",\"tapId\":\"fifty-login\"}");
        assertThat(JSON.readTree(login.body()).path("decision").asText()).as("the password inside").isEqualTo("connect");
        HttpResponse<String> fromElsewhere = signIn("198.51.100.51", "doctor", PASSWORD, freshCode("doctor"), "home-mac-2", "g-ok");
        assertThat(fromElsewhere.statusCode()).as("from another outside address").isEqualTo(200);
    }

    @Test
    void anExpiredTicketIs404AndARetriedSignInGetsAFreshTicketWithoutASecondTakeover() throws Exception {
        String code = freshCode("intern");
        HttpResponse<String> first = signIn("198.51.100.60", "intern", PASSWORD, code, "intern-mac", "e-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> retry = signIn("198.51.100.60", "intern", PASSWORD, code, "intern-mac", "e-1");
        assertThat(retry.statusCode()).as("the same sign-in again, as after a lost answer").isEqualTo(200);
        JsonNode a = JSON.readTree(first.body()), b = JSON.readTree(retry.body());
        assertThat(b.path("generation").asLong()).isEqualTo(a.path("generation").asLong());
        assertThat(b.path("password").asText()).isEqualTo(a.path("password").asText());
        assertThat(b.path("tunnelTicket").asText()).isNotEqualTo(a.path("tunnelTicket").asText());

        ahead = ahead.plusSeconds(61);
        HttpResponse<String> late = redeem(b.path("tunnelTicket").asText());
        assertThat(late.statusCode()).isEqualTo(404);
        assertThat(error(late)).isEqualTo("tunnel ticket is unknown, already used or expired: the device signs in again for a new one");
    }

    /** A dropped tunnel comes back on the device's reconnect token, without a code, until an inside tap takes the session. */
    @Test
    void aDeviceWhoseTunnelDroppedReconnectsWithItsTokenUntilTheSessionMovesOn() throws Exception {
        JsonNode in = JSON.readTree(signIn("198.51.100.70", "intern", PASSWORD, freshCode("intern"), "intern-laptop", "rc-1").body());
        String reconnect = JSON.writeValueAsString(Map.of("endpointId", "intern-laptop", "userId", "intern",
                "generation", in.path("generation").asLong(), "reconnectToken", in.path("reconnectToken").asText()));
        HttpResponse<String> back = GatewayKit.post(gateway, broker, BrokerApi.REMOTE_RECONNECTS, reconnect,
                BrokerApi.OUTSIDE_SOURCE_HEADER, "198.51.100.71");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        JsonNode again = JSON.readTree(back.body());
        assertThat(again.path("generation").asLong()).isEqualTo(in.path("generation").asLong());
        assertThat(again.path("tunnelTicket").asText()).isNotEqualTo(in.path("tunnelTicket").asText());
        assertThat(redeem(again.path("tunnelTicket").asText()).statusCode()).isEqualTo(200);
        assertThat(audit("outside-reconnect")).extracting(r -> r.get("detail"))
                .contains("generation " + in.path("generation").asLong() + " from outside:198.51.100.71 through gateway gw-1");

        HttpResponse<String> forged = GatewayKit.post(gateway, broker, BrokerApi.REMOTE_RECONNECTS,
                reconnect.replace(in.path("reconnectToken").asText(), "not-the-token"), BrokerApi.OUTSIDE_SOURCE_HEADER, "198.51.100.71");
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> insideId = GatewayKit.post(gateway, broker, BrokerApi.REMOTE_RECONNECTS,
                reconnect.replace("intern-laptop", "cart-2"), BrokerApi.OUTSIDE_SOURCE_HEADER, "198.51.100.71");
        assertThat(insideId.statusCode()).isEqualTo(403);
        assertThat(error(insideId)).isEqualTo("endpoint cart-2 is not an outside device: inside endpoints reconnect with their own certificate");

        HttpResponse<String> tap = GatewayKit.post(cart2, broker, BrokerApi.TAPS,
                "{\"endpointId\":\"cart-2\",\"credential\":\"04AA" + "intern".hashCode() + "\",\"tapId\":\"rc-tap\"}");
        assertThat(JSON.readTree(tap.body()).path("decision").asText()).isEqualTo("connect");
        HttpResponse<String> moved = GatewayKit.post(gateway, broker, BrokerApi.REMOTE_RECONNECTS, reconnect,
                BrokerApi.OUTSIDE_SOURCE_HEADER, "198.51.100.71");
        assertThat(moved.statusCode()).isEqualTo(409);
        assertThat(error(moved)).isEqualTo("the session of intern has moved to another endpoint: sign in again");
    }

    @Test
    void anOutsideSourceThatIsMissingOrNotAnAddressIs400() throws Exception {
        String body = "{\"userId\":\"intern\",\"password\":\"x\",\"code\":\"123456\",\"deviceId\":\"d\",\"tapId\":\"h-1\"}";
        HttpResponse<String> none = GatewayKit.post(gateway, broker, BrokerApi.REMOTE_SIGN_INS, body);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(error(none)).isEqualTo("the gateway sent no Rounds-Outside-Source header: it must name the outside caller's address");
        HttpResponse<String> name = GatewayKit.post(gateway, broker, BrokerApi.REMOTE_SIGN_INS, body, BrokerApi.OUTSIDE_SOURCE_HEADER, "evil.example");
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(error(name)).isEqualTo("Rounds-Outside-Source must be the outside caller's IP address, not 'evil.example'");
        HttpResponse<String> v6 = signIn("2001:DB8:0:0:0:0:0:1", "intern", "wrong password", "000000", "d", "h-2");
        assertThat(v6.statusCode()).isEqualTo(401);
        assertThat(Rows.all(broker.database(), "auth_failures")).extracting(r -> r.get("source")).contains("outside:2001:db8:0:0:0:0:0:1");
    }
}
