package org.rounds.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.Broker;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.http.TwoPractices;
import org.rounds.broker.store.Tenant;

/**
 * The console's practice (issue 23), on H2 over HTTP: a practice admin's pages are its practice's,
 * whatever practice cookie it sends; the service admin picks a practice with the header's form.
 */
@Tag("unit")
class ConsolePracticesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Broker broker;

    @BeforeEach
    void start() {
        broker = TwoPractices.started(java.time.Clock.systemUTC());
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private ConsoleClient signedIn(String uri, String name) throws Exception {
        ConsoleClient c = new ConsoleClient(broker.baseUrl(), http);
        HttpResponse<String> in = c.signIn(name, ConsoleTest.PASSWORD, Totp.code(Totp.secretOf(uri), java.time.Instant.now()), "/console/users");
        assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
        return c;
    }

    @Test
    void aPracticeAdminSeesItsPracticeWhateverCookieItSends() throws Exception {
        ConsoleClient rita = signedIn(broker.admin().addAdminIn(new Tenant("riverside"), "rita", AdminRole.ADMIN, ConsoleTest.PASSWORD), "rita");
        rita.cookies.put(ConsoleGuard.PRACTICE_COOKIE, "hilltop");
        String users = rita.get("/console/users").body();
        assertThat(users).contains("Riverside Nurse").contains("Practice: riverside").doesNotContain("Hilltop").doesNotContain("Hospital");
        HttpResponse<String> pick = rita.post("/console/practice", Map.of("csrf", ConsoleClient.csrfOf(users), "tenant", "hilltop"));
        assertThat(pick.statusCode()).isEqualTo(403);
        assertThat(pick.body()).contains("Admin rita works in practice riverside only; only a service admin picks a practice.");
    }

    @Test
    void theServiceAdminPicksThePracticeItsPagesShow() throws Exception {
        ConsoleClient sam = signedIn(broker.admin().addAdmin("sam", AdminRole.SERVICE, ConsoleTest.PASSWORD), "sam");
        String users = sam.get("/console/users").body();
        assertThat(users).contains("Hospital Nurse").contains("Practice: default").contains("action=\"/console/practice\"");
        HttpResponse<String> pick = sam.post("/console/practice", Map.of("csrf", ConsoleClient.csrfOf(users), "tenant", "hilltop"));
        assertThat(pick.statusCode()).isEqualTo(303);
        assertThat(sam.get("/console/users").body()).contains("Hilltop Nurse").contains("Practice: hilltop").doesNotContain("Hospital Nurse")
                .doesNotContain("Riverside");
        assertThat(sam.post("/console/practice", Map.of("csrf", ConsoleClient.csrfOf(users), "tenant", "nowhere")).statusCode()).isEqualTo(404);
        assertThat(sam.get("/console/users").body()).as("an unknown pick changes nothing").contains("Hilltop Nurse");
    }
}
