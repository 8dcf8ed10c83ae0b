package org.rounds.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;

/**
 * The console's core over HTTP, without a browser: sign-in with password and TOTP, the session
 * cookie's flags, the redirect without a session, the headers, the CSRF check, roles and the two
 * languages. The browser tests ({@code ConsoleInChromiumTest}) do the same through Chromium.
 */
@Tag("unit")
class ConsoleTest {
    static final String PASSWORD = "correct horse battery";
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir Path dir;
    private Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().dataDir(dir).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private ConsoleClient signedIn(String name, AdminRole role) throws Exception {
        return ConsoleClient.signedIn(broker, http, name, role, "/console/sessions");
    }

    @Test
    void everyPageWithoutASessionRedirectsToSignInAndSignInLeadsBackToThePageAsked() throws Exception {
        ConsoleClient c = new ConsoleClient(broker.baseUrl(), http);
        for (String page : new String[] {"/console/sessions", "/console/endpoints", "/console/hosts", "/console/audit?user=nurse",
                "/console/sessions/events"}) {
            HttpResponse<String> r = c.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l).startsWith("/console/signin?then="));
        }
        HttpResponse<String> post = c.post("/console/sessions/nurse/end", Map.of("csrf", "x"));
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(post.headers().firstValue("Location")).hasValue("/console/signin");

        byte[] secret = Totp.secretOf(broker.admin().addAdmin("alice", AdminRole.ADMIN, PASSWORD));
        String form = c.get("/console/signin?then=%2Fconsole%2Faudit%3Fuser%3Dnurse").body();
        assertThat(form).contains("value=\"/console/audit?user=nurse\"");
        HttpResponse<String> wrong = c.post("/console/signin", Map.of("csrf", ConsoleClient.csrfOf(form), "name", "alice",
                "password", PASSWORD, "totp", "000000".equals(Totp.code(secret, Instant.now())) ? "111111" : "000000", "then", "/console/audit"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong admin name, password or code; check them and try again.");
        HttpResponse<String> in = c.post("/console/signin", Map.of("csrf", ConsoleClient.csrfOf(wrong.body()), "name", "alice",
                "password", PASSWORD, "totp", Totp.code(secret, Instant.now()), "then", "/console/audit?user=nurse"));
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).hasValue("/console/audit?user=nurse");
        String cookie = in.headers().allValues("Set-Cookie").stream().filter(s -> s.startsWith("rounds_console=")).findFirst().orElseThrow();
        assertThat(cookie).contains("; HttpOnly").contains("; Secure").contains("; SameSite=Strict").contains("; Path=/console;");
        String token = c.cookies.get("rounds_console");
        assertThat(Rows.everything(broker.database()).toString()).as("the store keeps only the token's hash").doesNotContain(token);

        HttpResponse<String> page = c.get("/console/sessions");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Live sessions</h1>").contains("Signed in as alice");

        HttpResponse<String> out = c.post("/console/signout", Map.of("csrf", ConsoleClient.csrfOf(page.body())));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(c.get("/console/sessions").statusCode()).as("signed out").isEqualTo(303);
    }

    @Test
    void repeatedWrongSignInsAreThrottledAsTheAdminApiDoes() throws Exception {
        byte[] secret = Totp.secretOf(broker.admin().addAdmin("alice", AdminRole.ADMIN, PASSWORD));
        ConsoleClient c = new ConsoleClient(broker.baseUrl(), http);
        HttpResponse<String> r = null;
        for (int i = 0; i < 6; i++) r = c.signIn("alice", PASSWORD + "x", Totp.code(secret, Instant.now()), "");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).contains("Too many failed sign-ins as alice from here; wait");
        HttpResponse<String> right = c.signIn("alice", PASSWORD, Totp.code(secret, Instant.now()), "");
        assertThat(right.statusCode()).as("the right password waits too").isEqualTo(429);
    }

    @Test
    void csvFieldsAreQuotedAsRfc4180Says() {
        assertThat(AuditCsv.field("plain")).isEqualTo("plain");
        assertThat(AuditCsv.field(null)).isEmpty();
        assertThat(AuditCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.field("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    }

    @Test
    void aForeignReturnPathIsIgnoredAfterSignIn() throws Exception {
        byte[] secret = Totp.secretOf(broker.admin().addAdmin("alice", AdminRole.ADMIN, PASSWORD));
        ConsoleClient c = new ConsoleClient(broker.baseUrl(), http);
        HttpResponse<String> in = c.signIn("alice", PASSWORD, Totp.code(secret, Instant.now()), "//evil.example/console/");
        assertThat(in.headers().firstValue("Location")).hasValue("/console/sessions");
    }

    @Test
    void everyConsoleAnswerCarriesTheSecurityHeaders() throws Exception {
        ConsoleClient c = signedIn("alice", AdminRole.ADMIN);
        for (String path : new String[] {"/console/signin", "/console/sessions", "/console/static/console.css", "/console"}) {
            HttpResponse<String> r = c.get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue("default-src 'self'; frame-ancestors 'none'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
        }
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenOrWithAnotherSessionsIsRefusedWithOneLine() throws Exception {
        ConsoleClient alice = signedIn("alice", AdminRole.ADMIN);
        ConsoleClient bob = signedIn("bob", AdminRole.ADMIN);
        String bobs = ConsoleClient.csrfOf(bob.get("/console/sessions").body());
        for (Map<String, String> form : java.util.List.of(Map.<String, String>of(), Map.of("csrf", bobs))) {
            HttpResponse<String> r = alice.post("/console/signout", form);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("security token is missing or wrong; reload the page and submit it again.");
        }
        assertThat(alice.get("/console/sessions").statusCode()).as("still signed in: the sign-out was refused").isEqualTo(200);
        HttpResponse<String> signIn = new ConsoleClient(broker.baseUrl(), http).post("/console/signin",
                Map.of("name", "alice", "password", PASSWORD, "totp", "123456"));
        assertThat(signIn.statusCode()).as("the sign-in form has its token too").isEqualTo(403);
    }

    @Test
    void aViewerSeesNoForceButtonAndItsForgedPostIsRefusedWhileHelpdeskEndsTheSession() throws Exception {
        broker.enroll("nurse", "Nurse Joy", "04AABBCCDD");
        http.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + "/api/v1/endpoints")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 3\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tap = http.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + "/api/v1/taps"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"endpointId\":\"cart-1\",\"credential\":\"04AABBCCDD\",\"tapId\":\"t1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tap.body()).contains("connect");
        ConsoleClient viewer = signedIn("val", AdminRole.VIEWER);
        String page = viewer.get("/console/sessions").body();
        assertThat(page).contains("Nurse Joy").contains("cart-1").doesNotContain("Force log-off");
        HttpResponse<String> forged = viewer.post("/console/sessions/nurse/end", Map.of("csrf", ConsoleClient.csrfOf(page)));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("Admin val is viewer; this needs helpdesk or higher.");

        ConsoleClient helpdesk = signedIn("hank", AdminRole.HELPDESK);
        String hanks = helpdesk.get("/console/sessions").body();
        assertThat(hanks).contains("Force log-off");
        HttpResponse<String> end = helpdesk.post("/console/sessions/nurse/end", Map.of("csrf", ConsoleClient.csrfOf(hanks)));
        assertThat(end.statusCode()).isEqualTo(303);
        assertThat(helpdesk.get(end.headers().firstValue("Location").orElseThrow()).body())
                .contains("The session of nurse was ended").doesNotContain("cart-1");
        assertThat(Rows.all(broker.database(), "audit")).filteredOn(r -> "admin-ended-session".equals(r.get("kind")))
                .extracting(r -> r.get("actor")).containsExactly("hank");
    }

    @Test
    void frenchByAcceptLanguageThenByTheLanguageLink() throws Exception {
        ConsoleClient c = new ConsoleClient(broker.baseUrl(), http);
        c.acceptLanguage = "fr-FR,fr;q=0.9,en;q=0.5";
        String fr = c.get("/console/signin").body();
        assertThat(fr).contains("<html lang=\"fr\">").contains("<h1>Connexion</h1>").contains("Mot de passe");
        HttpResponse<String> link = c.get("/console/lang/en?then=/console/signin");
        assertThat(link.statusCode()).isEqualTo(303);
        String en = c.get("/console/signin").body();
        assertThat(en).as("the link's choice wins over the browser's").contains("<html lang=\"en\">").contains("<h1>Sign in</h1>");
    }

    @Test
    void everyKeyOfOneLanguageIsInTheOtherAndNoApostropheIsLost() throws Exception {
        java.util.Properties en = new java.util.Properties(), fr = new java.util.Properties();
        try (var a = Console.class.getResourceAsStream("console_en.properties"); var b = Console.class.getResourceAsStream("console_fr.properties")) {
            en.load(new java.io.InputStreamReader(a, java.nio.charset.StandardCharsets.UTF_8));
            fr.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(fr.keySet()).isEqualTo(en.keySet());
        for (java.util.Properties p : java.util.List.of(en, fr)) {
            assertThat(p.values()).as("every text is a MessageFormat pattern: an apostrophe is written ''")
                    .noneMatch(v -> ((String) v).replace("''", "").contains("'"));
        }
    }
}
