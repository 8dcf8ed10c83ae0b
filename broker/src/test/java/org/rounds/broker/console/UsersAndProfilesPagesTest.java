package org.rounds.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;

/**
 * The users and profiles pages over HTTP, without a browser: the pages need a session, every
 * form its CSRF token and its role (a viewer's forged post is one 403 line), bad values are one
 * line with nothing written, and no page or status ever holds a badge number.
 */
@Tag("unit")
class UsersAndProfilesPagesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir Path dir;
    private Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().dataDir(dir).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        broker.enroll("nurse", "Nurse Joy", "04AABBCCDD");
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private ConsoleClient signedIn(String name, AdminRole role) throws Exception {
        return ConsoleClient.signedIn(broker, http, name, role, "/console/users");
    }

    @Test
    void withoutASessionThePagesRedirectToSignIn() throws Exception {
        ConsoleClient c = new ConsoleClient(broker.baseUrl(), http);
        for (String page : new String[] {"/console/users", "/console/users/nurse", "/console/users/nurse/tap-enrolment",
                "/console/profiles", "/console/profiles/default"}) {
            HttpResponse<String> r = c.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l).startsWith("/console/signin"));
        }
    }

    @Test
    void formsNeedTheirTokenAndTheirRole() throws Exception {
        ConsoleClient viewer = signedIn("val", AdminRole.VIEWER);
        String page = viewer.get("/console/users/nurse").body();
        assertThat(page).contains("Nurse Joy").doesNotContain("Arm the endpoint").doesNotContain("04AABBCCDD");
        String csrf = ConsoleClient.csrfOf(page);
        for (String[] post : new String[][] {{"/console/users/nurse/pin", "pin", "1234"}, {"/console/users/nurse/unlock", "x", "y"},
                {"/console/users/nurse/tap-enrolment", "endpointId", "cart-1"}, {"/console/users", "userId", "x"}}) {
            HttpResponse<String> r = viewer.post(post[0], Map.of("csrf", csrf, post[1], post[2]));
            assertThat(r.statusCode()).as(post[0]).isEqualTo(403);
            assertThat(r.body()).as(post[0]).contains("Admin val is viewer; this needs helpdesk or higher.");
        }
        ConsoleClient helpdesk = signedIn("hank", AdminRole.HELPDESK);
        String hanks = ConsoleClient.csrfOf(helpdesk.get("/console/profiles").body());
        HttpResponse<String> save = helpdesk.post("/console/profiles/default", Map.of("csrf", hanks, "idleLockMinutes", "1",
                "sameUserTap", "lock", "clipboard", "both", "language", "en"));
        assertThat(save.statusCode()).isEqualTo(403);
        assertThat(save.body()).contains("Admin hank is helpdesk; this needs admin or higher.");
        HttpResponse<String> noToken = helpdesk.post("/console/users/nurse/pin", Map.of("pin", "1234"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("This form's security token is missing or wrong");
        assertThat(Rows.all(broker.database(), "profile_versions")).isEmpty();
        assertThat(Rows.all(broker.database(), "users")).singleElement().satisfies(u -> assertThat(u.get("pin_hash")).isNull());
    }

    @Test
    void badValuesAreOneLineAndWriteNothingGoodOnesAreAudited() throws Exception {
        ConsoleClient admin = signedIn("alice", AdminRole.ADMIN);
        String csrf = ConsoleClient.csrfOf(admin.get("/console/profiles/icu").body());
        HttpResponse<String> bad = admin.post("/console/profiles/icu", Map.of("csrf", csrf, "idleLockMinutes", "5",
                "sameUserTap", "lock", "clipboard", "both", "language", "de"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<p class=\"error\" role=\"alert\" id=\"error\">language must be en or fr, not 'de'</p>");
        assertThat(Rows.all(broker.database(), "profile_versions")).isEmpty();
        HttpResponse<String> ok = admin.post("/console/profiles/icu", Map.of("csrf", csrf, "idleLockMinutes", "7",
                "sameUserTap", "nothing", "clipboard", "off", "language", "fr", "tapOver", "on", "brokers", "https://a:8443\r\nhttps://b:8443\r\n"));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).hasValue("/console/profiles/icu?saved=1&pushed=0");
        String shown = admin.get("/console/profiles/icu?saved=1&pushed=0").body();
        assertThat(shown).contains("Version 1 saved and pushed to 0 endpoint(s).").contains("https://a:8443\nhttps://b:8443</textarea>");

        HttpResponse<String> badPin = admin.post("/console/users/nurse/pin", Map.of("csrf", csrf, "pin", "12"));
        assertThat(badPin.statusCode()).isEqualTo(400);
        assertThat(badPin.body()).contains("A PIN is 4 to 12 digits.");
        assertThat(admin.post("/console/users/nurse/pin", Map.of("csrf", csrf, "pin", "4321")).statusCode()).isEqualTo(303);
        assertThat(admin.post("/console/users/nurse/outside", Map.of("csrf", csrf, "outside", "allow")).statusCode()).isEqualTo(303);
        assertThat(admin.get("/console/users/nurse").body()).contains("May sign in from outside the hospital");
        assertThat(Rows.all(broker.database(), "audit")).extracting(r -> r.get("kind") + " by " + r.get("actor"))
                .contains("profile-changed by alice", "pin-set by alice", "outside-allowed by alice");
        assertThat(admin.get("/console/users/nurse/tap-enrolment").body()).isEqualTo("{\"state\":\"\",\"text\":\"\"}");
    }
}
