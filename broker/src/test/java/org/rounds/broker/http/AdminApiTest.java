package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;

/**
 * The admin API with per-admin accounts: login with password and TOTP code, roles, and an audit
 * row naming the admin for every action. Plain HTTP in-process broker.
 */
@Tag("unit")
class AdminApiTest {
    private static final String PASSWORD = "correct horse battery";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final MovableClock clock = new MovableClock();
    @TempDir Path dir;
    private Broker broker;

    private Broker start() {
        broker = Broker.builder().dataDir(dir).port(0).clock(clock).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        return broker;
    }

    @AfterEach
    void close() {
        if (broker != null) broker.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return call(http, broker, method, path, token, body);
    }

    /** {@code method path} on {@code broker}'s admin API with a JSON body (or none) and a bearer token (or none). */
    static HttpResponse<String> call(java.net.http.HttpClient http, Broker broker, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(broker.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) r.header("Authorization", "Bearer " + token);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Makes the admin in the store, as {@code rounds broker admins add} does; returns its TOTP secret. */
    private byte[] addAdmin(String name, AdminRole role) {
        return Totp.secretOf(broker.admin().addAdmin(name, role, PASSWORD));
    }

    private HttpResponse<String> login(String name, String password, String totp) throws Exception {
        return call("POST", BrokerApi.ADMIN + "/sessions", null,
                json.writeValueAsString(java.util.Map.of("name", name, "password", password, "totp", totp)));
    }

    private String token(String name, byte[] secret) throws Exception {
        HttpResponse<String> r = login(name, PASSWORD, Totp.code(secret, clock.instant()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body()).path("token").asText();
    }

    private List<JsonNode> auditRows(String token) throws Exception {
        List<JsonNode> rows = new java.util.ArrayList<>();
        json.readTree(call("GET", BrokerApi.ADMIN + "/audit?limit=200", token, null).body()).forEach(rows::add);
        return rows;
    }

    @Test
    void anAdminMadeInTheStoreLogsInWithPasswordAndTotpAndAWrongCodeOrPasswordIsTheSame401() throws Exception {
        start();
        String uri = broker.admin().addAdmin("alice", AdminRole.ADMIN, PASSWORD);
        byte[] secret = Totp.secretOf(uri);
        String base32 = uri.replaceAll(".*[?&]secret=([A-Z2-7]+).*", "$1");
        assertThat(base32).hasSize(32);
        String code = Totp.code(secret, clock.instant());
        String wrongCode = code.equals("000000") ? "111111" : "000000";

        HttpResponse<String> badTotp = login("alice", PASSWORD, wrongCode);
        HttpResponse<String> badPassword = login("alice", PASSWORD + "x", code);
        HttpResponse<String> nobody = login("mallory", PASSWORD, code);
        for (HttpResponse<String> r : List.of(badTotp, badPassword, nobody)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEqualTo("{\"error\":\"" + AdminRoutes.WRONG_LOGIN + "\"}");
        }

        HttpResponse<String> ok = login("alice", PASSWORD, code);
        assertThat(ok.statusCode()).isEqualTo(201);
        JsonNode session = json.readTree(ok.body());
        assertThat(session.path("role").asText()).isEqualTo("admin");
        assertThat(Instant.parse(session.path("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        String token = session.path("token").asText();
        assertThat(call("GET", BrokerApi.ADMIN + "/users", token, null).statusCode()).isEqualTo(200);

        assertThat(Rows.all(broker.database(), "audit")).filteredOn(r -> "admin-login-failed".equals(r.get("kind")))
                .extracting(r -> r.get("actor")).containsExactlyInAnyOrder("alice", "alice", "mallory");
        String everything = Rows.everything(broker.database()).toString();
        assertThat(everything).as("the store holds no token, no password and no readable TOTP secret")
                .doesNotContain(token).doesNotContain(PASSWORD).doesNotContain(base32);

        clock.move(Duration.ofMinutes(15).plusSeconds(1));
        HttpResponse<String> late = call("GET", BrokerApi.ADMIN + "/users", token, null);
        assertThat(late.statusCode()).as("a session lasts 15 minutes").isEqualTo(401);
        assertThat(late.body()).isEqualTo("{\"error\":\"" + AdminRoutes.NO_SESSION + "\"}");
    }

    @Test
    void aViewerReadsButCannotEnrolHelpdeskEnrolsOnlyAnAdminAssignsKiosksAndEveryActionNamesItsAdmin() throws Exception {
        start();
        String viewer = token("val", addAdmin("val", AdminRole.VIEWER));
        String helpdesk = token("hank", addAdmin("hank", AdminRole.HELPDESK));
        String admin = token("alice", addAdmin("alice", AdminRole.ADMIN));
        String user = "{\"displayName\":\"Dr. Louis Martin\",\"badge\":\"04C7D8E9FA1B80\",\"pin\":\"2468\"}";

        for (String bad : new String[] {null, "wrong", viewer + "x"}) {
            HttpResponse<String> r = call("PUT", BrokerApi.ADMIN + "/users/doctor", bad, user);
            assertThat(r.statusCode()).isEqualTo(401);
        }
        HttpResponse<String> low = call("PUT", BrokerApi.ADMIN + "/users/doctor", viewer, user);
        assertThat(low.statusCode()).isEqualTo(403);
        assertThat(low.body()).isEqualTo("{\"error\":\"admin val is viewer; this needs helpdesk or higher\"}");
        assertThat(Rows.count(broker.database(), "users")).as("nothing written").isZero();
        assertThat(call("GET", BrokerApi.ADMIN + "/users", viewer, null).statusCode()).isEqualTo(200);

        assertThat(call("PUT", BrokerApi.ADMIN + "/users/doctor", helpdesk, user).statusCode()).isEqualTo(204);
        assertThat(call("PUT", BrokerApi.ADMIN + "/users/doctor", helpdesk, "{\"displayName\":\"D\",\"pin\":\"12\"}").body())
                .isEqualTo("{\"error\":\"pin must be 4..12 digits\"}");
        call("POST", BrokerApi.ENDPOINTS, null, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
        String tap = "{\"endpointId\":\"cart-1\",\"credential\":\"04C7D8E9FA1B80\",\"tapId\":\"t-%d\"}";
        assertThat(call("POST", BrokerApi.TAPS, null, tap.formatted(1)).body()).contains("\"decision\":\"pin-required\"");
        assertThat(call("DELETE", BrokerApi.ADMIN + "/users/doctor/badges", helpdesk, null).body()).isEqualTo("{\"revoked\":1}");
        assertThat(call("POST", BrokerApi.TAPS, null, tap.formatted(2)).body()).contains("\"decision\":\"unknown-badge\"");

        assertThat(call("PUT", BrokerApi.ADMIN + "/kiosks/er-kiosk", helpdesk, "{\"userId\":\"er-reception\"}").statusCode()).isEqualTo(403);
        assertThat(call("GET", BrokerApi.ADMIN + "/admins", helpdesk, null).statusCode()).isEqualTo(403);
        assertThat(call("PUT", BrokerApi.ADMIN + "/kiosks/er-kiosk", admin, "{\"userId\":\"er-reception\"}").statusCode()).isEqualTo(204);

        List<JsonNode> audit = auditRows(viewer);
        assertThat(audit).filteredOn(r -> r.path("userId").asText().equals("doctor"))
                .extracting(r -> r.path("kind").asText() + " by " + r.path("actor").asText())
                .contains("enroll by hank", "pin-set by hank", "badges-revoked by hank");
        assertThat(audit).extracting(r -> r.path("kind").asText() + " by " + r.path("actor").asText())
                .contains("kiosk-assigned by alice", "admin-login by val", "admin-login by hank", "admin-login by alice",
                        "admin-viewed by val");
        assertThat(Rows.everything(broker.database()).toString()).doesNotContain("04C7D8E9FA1B80")
                .doesNotContainPattern("(?<![A-Za-z0-9+/])2468(?![A-Za-z0-9+/=])");   // as a value, not inside base64
    }

    @Test
    void fiveWrongLoginsFromOneAddressBlockThatNameThereWith429AndRetryAfter() throws Exception {
        start();
        byte[] secret = addAdmin("alice", AdminRole.ADMIN);
        for (int i = 0; i < AdminLoginThrottle.FREE; i++) assertThat(login("alice", "guess-" + i + "-xxxxxx", "123456").statusCode()).isEqualTo(401);
        HttpResponse<String> blocked = login("alice", PASSWORD, Totp.code(secret, clock.instant()));
        assertThat(blocked.statusCode()).as("even the right password waits").isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(blocked.body()).isEqualTo("{\"error\":\"too many failed logins as alice from 127.0.0.1; wait 10 s\"}");
        clock.move(Duration.ofSeconds(11));
        assertThat(login("alice", PASSWORD, Totp.code(secret, clock.instant())).statusCode()).isEqualTo(201);
    }

    @Test
    void aDisabledAdminsSessionEndsAndItCannotLogInAgain() throws Exception {
        start();
        String admin = token("alice", addAdmin("alice", AdminRole.ADMIN));
        byte[] bob = addAdmin("bob", AdminRole.HELPDESK);
        String bobs = token("bob", bob);
        assertThat(call("POST", BrokerApi.ADMIN + "/admins/bob/disable", admin, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", BrokerApi.ADMIN + "/users", bobs, null).statusCode()).isEqualTo(401);
        assertThat(login("bob", PASSWORD, Totp.code(bob, clock.instant())).statusCode()).isEqualTo(401);
        JsonNode admins = json.readTree(call("GET", BrokerApi.ADMIN + "/admins", admin, null).body());
        assertThat(admins.toString()).contains("\"name\":\"bob\"").contains("\"disabled\":true");
        assertThat(auditRows(admin)).extracting(r -> r.path("kind").asText() + " by " + r.path("actor").asText())
                .contains("admin-disabled by alice");
    }

    @Test
    void aViewerSeesEndpointsAndDesktopSessionsAndOnlyHelpdeskEndsASessionWhoseOldTokenThenFails() throws Exception {
        start();
        String viewer = token("val", addAdmin("val", AdminRole.VIEWER));
        String helpdesk = token("hank", addAdmin("hank", AdminRole.HELPDESK));
        broker.enroll("nurse", "Nurse Amina Diallo", "04A1B2C3D4E580");
        call("POST", BrokerApi.ENDPOINTS, null, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
        JsonNode tap = json.readTree(call("POST", BrokerApi.TAPS, null,
                "{\"endpointId\":\"cart-1\",\"credential\":\"04A1B2C3D4E580\",\"tapId\":\"t-1\"}").body());
        assertThat(tap.path("decision").asText()).as(tap.toString()).isEqualTo("connect");

        JsonNode endpoints = json.readTree(call("GET", BrokerApi.ADMIN + "/endpoints", viewer, null).body());
        assertThat(endpoints.get(0).path("id").asText()).isEqualTo("cart-1");
        assertThat(endpoints.get(0).path("kind").asText()).isEqualTo("cart");
        JsonNode sessions = json.readTree(call("GET", BrokerApi.ADMIN + "/desktop-sessions", viewer, null).body());
        assertThat(sessions.get(0).path("userId").asText()).isEqualTo("nurse");
        assertThat(sessions.get(0).path("endpointId").asText()).isEqualTo("cart-1");
        assertThat(sessions.get(0).path("state").asText()).isEqualTo("active");

        assertThat(call("DELETE", BrokerApi.ADMIN + "/desktop-sessions/nurse", viewer, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", BrokerApi.ADMIN + "/desktop-sessions/nurse", helpdesk, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", BrokerApi.ADMIN + "/desktop-sessions/nurse", helpdesk, null).body())
                .isEqualTo("{\"error\":\"user nurse has no desktop running; nothing to end\"}");
        JsonNode reconnect = json.readTree(call("POST", BrokerApi.RECONNECT, null, json.writeValueAsString(java.util.Map.of(
                "endpointId", "cart-1", "userId", "nurse", "generation", tap.path("generation").asLong(),
                "reconnectToken", tap.path("reconnectToken").asText()))).body());
        assertThat(reconnect.path("decision").asText()).as(reconnect.toString()).isNotEqualTo("connect");
        assertThat(auditRows(viewer)).extracting(r -> r.path("kind").asText() + " by " + r.path("actor").asText())
                .contains("admin-ended-session by hank");
    }

    @Test
    void theFirstStartMakesNoTokenAndWritesNoAdminTokenFile() throws Exception {
        start();
        assertThat(dir.resolve("admin-token")).doesNotExist();
        assertThat(Rows.all(broker.database(), "settings")).extracting(r -> r.get("setting_name")).doesNotContain("admin-token-sha256");
        assertThat(broker.hasAdmins()).isFalse();
        assertThat(call("GET", BrokerApi.ADMIN + "/users", null, null).statusCode()).isEqualTo(401);
        addAdmin("alice", AdminRole.ADMIN);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(Broker.SEAL_KEY_FILE)))).isEqualTo("rw-------");
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-02T08:00:00Z");

        void move(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
