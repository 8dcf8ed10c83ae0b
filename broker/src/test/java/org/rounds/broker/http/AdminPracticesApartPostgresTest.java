package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.ProfileSettings;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Profiles;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;
import org.rounds.broker.takeover.Fakes;
import org.rounds.testpeers.PostgresServer;

/**
 * Practices kept apart on a real PostgreSQL (issue 23), the broker connected as the tables'
 * owner (neither superuser nor BYPASSRLS). Practices a and b are set up alike (the same user id,
 * badge number, endpoint id, host name and profile name), b has a few ids of its own. Every admin
 * route the broker's Javalin app serves is tried as a's admin, once with b's own ids (each finds
 * nothing or is refused) and once with the ids both have (it acts on a's); afterwards b's rows in
 * every tenant-owned table are exactly as they were. The console's pages as a's admin show none of
 * b's rows; the store tools' practice listings see none of the other's; usage per practice and day.
 */
@Tag("peer")
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AdminPracticesApartPostgresTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Tenant A = new Tenant("a"), B = new Tenant("b");
    /** What only b's rows hold: a's 200 answers and pages must contain none of them. */
    private static final List<String> B_MARKERS = List.of("of B", "u-b", "cart-b", "dh-b", "ward-b", "bob", "siteb");
    private static final AdminApiTest.MovableClock CLOCK = new AdminApiTest.MovableClock();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PostgresServer pg;
    private static Broker broker;
    private static String url;
    private static Path keyFile;
    private static String alice;

    @BeforeAll
    static void twoPracticesSetUpAlike(@TempDir Path dir) throws Exception {
        pg = PostgresServer.start();
        url = pg.createOwnedDatabase("apart");
        keyFile = dir.resolve("broker.key");
        org.rounds.broker.auth.KeyFile.create(keyFile);
        broker = Broker.builder().database(url).keyFile(keyFile).port(0).clock(CLOCK).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        StoreAdmin admin = broker.admin();
        admin.addTenant("a");
        admin.addTenant("b");
        for (Tenant t : List.of(A, B)) {
            String of = t.equals(A) ? "of A" : "of B";
            admin.enrollIn(t, "u1", "Nurse " + of, "0412345678");
            admin.addEndpointIn(t, "cart-1", "cart", "Ward " + of, "");
            admin.addHostIn(t, "dh-1", t.equals(A) ? "sitea" : "siteb");
            new Profiles(broker.database()).set(t, "ward", ProfileSettings.defaults(), "setup", CLOCK.instant());
            Tx.run(broker.database(), t, c -> {
                update(c, "INSERT INTO endpoints (tenant_id, id, kind, location, last_seen) VALUES (?, 'cart-1', 'cart', ?, ?)", t.name(),
                        "Ward " + of, Timestamp.from(CLOCK.instant()));
                update(c, "INSERT INTO desktop_sessions (tenant_id, user_id, owner_endpoint, generation, state, updated_at) "
                        + "VALUES (?, 'u1', 'cart-1', 3, 'connected', ?)", t.name(), Timestamp.from(CLOCK.instant()));
                update(c, "INSERT INTO auth_failures (tenant_id, user_id, source, failed_attempts, locked_until) VALUES (?, 'u1', '10.0.0.9', 5, ?)",
                        t.name(), Timestamp.from(CLOCK.instant().plusSeconds(600)));
                return null;
            });
        }
        admin.enrollIn(B, "u-b", "Only of B", "0499999999");
        admin.addEndpointIn(B, "cart-b", "tablet", "Lab of B", "");
        admin.addHostIn(B, "dh-b", "siteb");
        new Profiles(broker.database()).set(B, "ward-b", ProfileSettings.defaults(), "setup", CLOCK.instant());
        Tx.run(broker.database(), B, c -> update(c, "INSERT INTO desktop_sessions (tenant_id, user_id, owner_endpoint, generation, state, "
                + "updated_at) VALUES ('b', 'u-b', 'cart-b', 1, 'connected', ?)", Timestamp.from(CLOCK.instant())));
        admin.addAdminIn(B, "bob", AdminRole.ADMIN, PASSWORD);
        alice = login("alice", Totp.secretOf(admin.addAdminIn(A, "alice", AdminRole.ADMIN, PASSWORD)));
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
        if (pg != null) pg.close();
    }

    @Test
    @org.junit.jupiter.api.Order(4)   // last: it makes a's own rows with b's ids (the others look for those ids)
    void everyAdminRouteAsPracticeAsAdminFindsNothingOfBAndChangesNoneOfBsRows() throws Exception {
        String before = rowsOf(B);
        List<String> routes = broker.routes().stream().filter(r -> !r.startsWith("WS ") && r.split(" ")[1].startsWith(BrokerApi.ADMIN)).distinct().toList();
        assertThat(routes).as("the admin routes the app serves").hasSizeGreaterThan(25);
        Map<String, Set<Integer>> withBsIds = expectedWithBsIds();
        // the routes that make a's own row of b's id last, so that every other one looks for b's id while a has none
        java.util.function.Predicate<String> makes = r -> CREATING.contains(r.replace(BrokerApi.ADMIN, ""));
        List<String> ordered = new ArrayList<>(routes.stream().filter(r -> r.startsWith("GET ")).toList());
        ordered.addAll(routes.stream().filter(r -> !r.startsWith("GET ") && !makes.test(r)).toList());
        ordered.addAll(routes.stream().filter(makes).toList());
        List<String> unlisted = new ArrayList<>();
        for (String route : ordered) {
            if (route.endsWith(BrokerApi.ADMIN + "/sessions")) continue;   // sign-in and sign-out: the admin's own session, no practice's id
            Set<Integer> expected = withBsIds.get(route.replace(BrokerApi.ADMIN, ""));
            if (expected == null) {
                unlisted.add(route);
                continue;
            }
            HttpResponse<String> r = call(route, "u-b", "cart-b", "dh-b", "ward-b");
            assertThat(r.statusCode()).as(route + " with b's ids: " + r.body()).isIn(expected);
            if (r.statusCode() == 200 && route.startsWith("GET ")) {
                if (route.endsWith("/audit")) assertThat(ids(r.body())).as("a's audit answer holds no row of b's").doesNotContainAnyElementsOf(auditIdsOf(B));
                else for (String m : B_MARKERS) assertThat(r.body()).as(route + " shows nothing of b").doesNotContain(m);
                String own = A_SHOWN.get(route.replace(BrokerApi.ADMIN, ""));
                if (own != null) assertThat(r.body()).as(route + " shows a's own").contains(own);
            }
        }
        assertThat(unlisted).as("every admin route is tried here: add each new one to expectedWithBsIds").isEmpty();
        for (String route : ordered) {
            if (route.endsWith(BrokerApi.ADMIN + "/sessions")) continue;
            HttpResponse<String> r = call(route, "u1", "cart-1", "dh-1", "ward");
            assertThat(r.statusCode()).as(route + " with the ids both practices have: " + r.body()).isLessThan(500);
        }
        assertThat(rowsOf(B)).as("b's rows in every tenant-owned table, after all of a's calls").isEqualTo(before);
        assertThat(rowsOf(A)).as("a's calls did act, in a").contains("u-b", "ward-b", "logged-off");
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void theConsoleAsPracticeAsAdminShowsNoneOfBsRows() throws Exception {
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> form = console("GET", "/console/signin", cookies, null);
        byte[] secret = Totp.secretOf(broker.admin().addAdminIn(A, "ann", AdminRole.ADMIN, PASSWORD));
        HttpResponse<String> in = console("POST", "/console/signin", cookies, Map.of("csrf", csrfOf(form.body()), "name", "ann",
                "password", PASSWORD, "totp", Totp.code(secret, CLOCK.instant()), "then", "/console/sessions"));
        assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
        for (String page : List.of("/console/sessions", "/console/endpoints", "/console/users", "/console/users/u1", "/console/hosts",
                "/console/profiles", "/console/profiles/ward", "/console/audit")) {
            HttpResponse<String> r = console("GET", page, cookies, null);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            for (String m : B_MARKERS) assertThat(r.body()).as(page + " shows nothing of b").doesNotContain(m);
        }
        assertThat(console("GET", "/console/sessions", cookies, null).body()).contains("Nurse of A").contains("Practice: a");
        assertThat(console("GET", "/console/users/u-b", cookies, null).statusCode()).isEqualTo(404);
        HttpResponse<String> wardB = console("GET", "/console/profiles/ward-b", cookies, null);
        assertThat(wardB.statusCode()).as("a's form for a new profile of that name").isEqualTo(200);
        assertThat(wardB.body()).as("nothing of b's profile (its version, by 'setup')").doesNotContain("setup");
        assertThat(console("GET", "/console/profiles/ward", cookies, null).body()).as("a's own profile of that name").contains("setup");
        HttpResponse<String> csv = console("GET", "/console/audit.csv", cookies, null);
        assertThat(csv.statusCode()).isEqualTo(200);
        List<Long> csvIds = csv.body().lines().skip(1).map(l -> Long.parseLong(l.split(",", 2)[0])).toList();
        assertThat(csvIds).isNotEmpty().doesNotContainAnyElementsOf(auditIdsOf(B));
        String csrf = csrfOf(console("GET", "/console/hosts", cookies, null).body());
        String before = rowsOf(B);
        assertThat(console("POST", "/console/hosts/dh-b/drain", cookies, Map.of("csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(console("POST", "/console/endpoints/cart-b/revoke", cookies, Map.of("csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(console("POST", "/console/sessions/u-b/end", cookies, Map.of("csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(console("POST", "/console/users/u-b/pin", cookies, Map.of("csrf", csrf, "pin", "1234")).statusCode()).isEqualTo(404);
        assertThat(console("POST", "/console/practice", cookies, Map.of("csrf", csrf, "tenant", "b")).statusCode())
                .as("only a service admin picks a practice").isEqualTo(403);
        assertThat(console("GET", "/console/users", cookies, null).body()).doesNotContain("of B");
        assertThat(rowsOf(B)).isEqualTo(before);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void theStoreToolsPracticeListingsSeeNoneOfTheOthers() {
        try (StoreAdmin tool = Broker.admin(url, keyFile)) {
            assertThat(tool.usersIn(A)).extracting(u -> u.displayName()).containsExactly("Nurse of A");
            assertThat(tool.endpointsIn(A)).extracting(e -> e.id() + " " + e.location()).containsExactly("cart-1 Ward of A");
            assertThat(tool.hostsIn(A)).extracting(h -> h.name() + " " + h.site()).containsExactly("dh-1 sitea");
            assertThat(tool.adminAccountsIn(A)).extracting(a -> a.name()).doesNotContain("bob");
            assertThat(tool.adminAccountsIn(B)).extracting(a -> a.name()).containsExactly("bob");
            assertThat(tool.endpoints()).as("the default practice's").isEmpty();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void usagePerPracticeAndUtcDayForTheServiceAdminOnly() throws Exception {
        Instant yesterday2330 = Instant.parse("2026-03-01T23:30:00Z");   // the clock is at 2026-03-02T08:00Z
        Tx.run(broker.database(), new Tenant("b"), c -> {
            audit(c, "b", "u9", "connect", yesterday2330);
            audit(c, "b", "u9", "takeover", yesterday2330.plus(Duration.ofMinutes(10)));
            audit(c, "b", "u9", "idle-lock", yesterday2330.plus(Duration.ofMinutes(90)));   // 01:00: 30 min yesterday, 60 today
            audit(c, "b", "u8", "connect", Instant.parse("2026-03-02T07:00:00Z"));           // still open: 1 h until now
            return null;
        });
        HttpResponse<String> refused = call("GET /api/v1/admin/tenants/usage", "", "", "", "");
        assertThat(refused.statusCode()).as("a's admin").isEqualTo(403);
        String sam = login("sam", Totp.secretOf(broker.admin().addAdmin("sam", AdminRole.SERVICE, PASSWORD)));
        HttpResponse<String> r = send("GET", BrokerApi.ADMIN + "/tenants/usage?days=2", sam, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        for (JsonNode d : JSON.readTree(r.body()).path("usage")) {
            if (d.path("tenant").asText().equals("b")) rows.add(d.path("day").asText() + " " + d.path("sessionsStarted").asInt() + " "
                    + d.path("sessionSeconds").asLong() + " " + d.path("sessionHours").asDouble());
        }
        assertThat(rows).containsExactly("2026-03-01 1 1800 0.5", "2026-03-02 1 7200 2.0");
    }

    // ---- the calls

    /** What a's list answers show of a's own rows (so that an answer of the wrong practice, or of none, fails). */
    private static final Map<String, String> A_SHOWN = Map.of("GET /users", "Nurse of A", "GET /endpoints", "Ward of A",
            "GET /enrolments", "Ward of A", "GET /hosts", "sitea", "GET /profiles", "\"ward\"", "GET /desktop-sessions", "cart-1",
            "GET /admins", "alice", "GET /audit", "admin-login");

    /** The routes that make (or rename) a's own row of the id they are given: b's row of that id is untouched. */
    private static final Set<String> CREATING = Set.of("POST /enrolments", "POST /hosts", "PUT /kiosks/{endpointId}", "PUT /profiles/{name}",
            "PUT /users/{id}");

    /** The expected statuses of each admin route as a's admin with b's own ids (u-b, cart-b, dh-b, ward-b, bob). */
    private static Map<String, Set<Integer>> expectedWithBsIds() {
        Map<String, Set<Integer>> m = new LinkedHashMap<>();
        for (String r : List.of("GET /admins", "GET /audit", "GET /desktop-sessions", "GET /endpoints", "GET /enrolments", "GET /hosts",
                "GET /profiles", "GET /users", "GET /users/{id}/lockouts")) m.put(r, Set.of(200));
        for (String r : List.of("GET /profiles/{name}", "GET /users/{id}/tap-enrolment", "DELETE /desktop-sessions/{userId}",
                "DELETE /enrolments/{endpointId}", "DELETE /hosts/{name}", "DELETE /users/{id}/lockouts", "POST /admins/{name}/disable",
                "POST /hosts/{name}/drain", "POST /hosts/{name}/undrain", "POST /profiles/{name}/assignments", "POST /users/{id}/tap-enrolment",
                "POST /users/{id}/totp", "PUT /users/{id}/outside")) m.put(r, Set.of(404));
        for (String r : List.of("GET /gateways", "POST /gateways", "DELETE /gateways/{name}", "GET /tenants", "POST /tenants",
                "GET /tenants/usage")) m.put(r, Set.of(403));
        m.put("DELETE /users/{id}/badges", Set.of(200));    // {"revoked":0}: a has no u-b
        // these make a's own row of that id (b's is untouched: checked at the end)
        m.put("POST /enrolments", Set.of(201));
        m.put("POST /hosts", Set.of(201));
        m.put("PUT /kiosks/{endpointId}", Set.of(204));
        m.put("PUT /profiles/{name}", Set.of(200));
        m.put("PUT /users/{id}", Set.of(204));
        return m;
    }

    private static HttpResponse<String> call(String route, String user, String endpoint, String host, String profile) throws Exception {
        String method = route.split(" ")[0], path = route.split(" ")[1];
        String name = path.startsWith(BrokerApi.ADMIN + "/hosts") ? host : path.startsWith(BrokerApi.ADMIN + "/profiles") ? profile
                : path.startsWith(BrokerApi.ADMIN + "/admins") ? "bob" : "gw-1";
        String concrete = path.replace("{id}", user).replace("{userId}", user).replace("{endpointId}", endpoint).replace("{name}", name);
        String body = switch (route.replace(BrokerApi.ADMIN, "")) {
            case "PUT /users/{id}" -> "{\"displayName\":\"Nurse " + user + "\",\"badge\":\"0412345678\",\"pin\":\"1234\"}";
            case "PUT /kiosks/{endpointId}" -> "{\"userId\":\"kiosk-" + endpoint + "\"}";
            case "POST /enrolments" -> "{\"endpointId\":\"" + endpoint + "\",\"kind\":\"cart\"}";
            case "POST /hosts" -> "{\"name\":\"" + host + "\"}";
            case "PUT /profiles/{name}" -> "{\"idleLockMinutes\":7}";
            case "POST /profiles/{name}/assignments" -> "{\"endpointIds\":[\"" + endpoint + "\"]}";
            case "POST /users/{id}/tap-enrolment" -> "{\"endpointId\":\"" + endpoint + "\"}";
            case "PUT /users/{id}/outside" -> "{\"allowed\":true}";
            case "POST /gateways" -> "{\"name\":\"gw-1\"}";
            case "POST /tenants" -> "{\"name\":\"c\"}";
            default -> method.equals("GET") || method.equals("DELETE") ? null : "{}";
        };
        return send(method, concrete, alice, body);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(broker.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) r.header("Authorization", "Bearer " + token);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String login(String name, byte[] secret) throws Exception {
        HttpResponse<String> r = send("POST", BrokerApi.ADMIN + "/sessions", null,
                JSON.writeValueAsString(Map.of("name", name, "password", PASSWORD, "totp", Totp.code(secret, CLOCK.instant()))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("token").asText();
    }

    private static HttpResponse<String> console(String method, String path, Map<String, String> cookies, Map<String, String> form) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(broker.baseUrl() + path)).header("Accept-Language", "en");
        if (!cookies.isEmpty()) r.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        if (form == null) r.GET();
        else r.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(String.join("&",
                form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList())));
        HttpResponse<String> res = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        for (String c : res.headers().allValues("Set-Cookie")) {
            String[] nv = c.split(";", 2)[0].split("=", 2);
            cookies.put(nv[0], nv[1]);
        }
        return res;
    }

    private static String csrfOf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field in " + html).isTrue();
        return m.group(1);
    }

    // ---- the store, read as the service (every practice)

    /** Every row of practice {@code t} in every tenant-owned table, as sorted lines. */
    private static String rowsOf(Tenant t) throws Exception {
        return PracticeRows.of(broker.database(), t);
    }

    private static Set<Long> auditIdsOf(Tenant t) throws Exception {
        return Tx.asService(broker.database(), "test: a practice's audit ids", c -> {
            Set<Long> ids = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM audit WHERE tenant_id = ?")) {
                ps.setString(1, t.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
    }

    private static List<Long> ids(String json) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : JSON.readTree(json)) ids.add(n.path("id").asLong());
        assertThat(ids).isNotEmpty();
        return ids;
    }

    private static Object update(java.sql.Connection c, String sql, Object... args) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.executeUpdate();
        }
        return null;
    }

    private static void audit(java.sql.Connection c, String tenant, String user, String kind, Instant at) throws java.sql.SQLException {
        update(c, "INSERT INTO audit (tenant_id, at, kind, user_id, endpoint_id, detail) VALUES (?, ?, ?, ?, 'cart-1', '')",
                tenant, Timestamp.from(at), kind, user);
    }

    @SuppressWarnings("unused")
    private static Database database() {
        return broker.database();
    }
}
