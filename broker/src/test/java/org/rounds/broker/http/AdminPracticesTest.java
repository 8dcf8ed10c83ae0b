package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.takeover.Rows;

/**
 * Admins belong to a practice (issue 23), on H2: a practice admin's session carries the practice
 * of its account's row and nothing a request says; it sees its own practice's users only; the
 * service admin alone picks another practice, creates practices and reads usage.
 */
@Tag("unit")
class AdminPracticesTest {
    private static final String PASSWORD = "correct horse battery";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final AdminApiTest.MovableClock clock = new AdminApiTest.MovableClock();
    private Broker broker;

    @BeforeEach
    void start() {
        broker = TwoPractices.started(clock);
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return AdminApiTest.call(http, broker, method, path, token, body);
    }

    private JsonNode login(String name, byte[] secret) throws Exception {
        HttpResponse<String> r = call("POST", BrokerApi.ADMIN + "/sessions", null,
                json.writeValueAsString(Map.of("name", name, "password", PASSWORD, "totp", Totp.code(secret, clock.instant()))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body());
    }

    private String token(String name, byte[] secret) throws Exception {
        return login(name, secret).path("token").asText();
    }

    private List<String> userNames(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> names = new java.util.ArrayList<>();
        json.readTree(r.body()).forEach(u -> names.add(u.path("displayName").asText()));
        return names;
    }

    @Test
    void aPracticeAdminsSessionIsItsRowsPracticeAndItSeesThatPracticeOnly() throws Exception {
        byte[] secret = Totp.secretOf(broker.admin().addAdminIn(new Tenant("riverside"), "rita", AdminRole.ADMIN, PASSWORD));
        JsonNode in = login("rita", secret);
        assertThat(in.path("tenant").asText()).isEqualTo("riverside");
        String rita = in.path("token").asText();

        assertThat(userNames(call("GET", BrokerApi.ADMIN + "/users", rita, null))).containsExactly("Riverside Nurse");
        HttpResponse<String> picked = call("GET", BrokerApi.ADMIN + "/users?tenant=hilltop", rita, null);
        assertThat(picked.statusCode()).isEqualTo(403);
        assertThat(picked.body()).isEqualTo("{\"error\":\"admin rita works in practice riverside only; "
                + "only a service admin picks a practice with ?tenant=\"}");
        assertThat(call("GET", AdminTenantRoutes.TENANTS, rita, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", BrokerApi.ADMIN + "/gateways", rita, null).statusCode()).isEqualTo(403);

        // a change by id lands in its own practice: hilltop's u1 keeps its name
        assertThat(call("PUT", BrokerApi.ADMIN + "/users/u1", rita, "{\"displayName\":\"Renamed\"}").statusCode()).isEqualTo(204);
        assertThat(broker.admin().usersIn(new Tenant("hilltop"))).extracting(u -> u.displayName()).containsExactly("Hilltop Nurse");
        assertThat(broker.admin().usersIn(new Tenant("riverside"))).extracting(u -> u.displayName()).containsExactly("Renamed");
        assertThat(Rows.all(broker.database(), "audit")).filteredOn(r -> "admin-login".equals(r.get("kind")))
                .extracting(r -> r.get("tenant_id")).containsExactly("riverside");
    }

    @Test
    void theServiceRoleIsTheDefaultPracticesOnlyAndAnAdminNameIsUniqueAcrossPractices() {
        assertThatThrownBy(() -> broker.admin().addAdminIn(new Tenant("riverside"), "sam", AdminRole.SERVICE, PASSWORD))
                .hasMessage("the service role works across practices and belongs to the default "
                        + "practice's admins; give practice riverside's admin the role admin, helpdesk or viewer")
                .isInstanceOf(IllegalArgumentException.class);
        broker.admin().addAdminIn(new Tenant("riverside"), "rita", AdminRole.ADMIN, PASSWORD);
        assertThatThrownBy(() -> broker.admin().addAdminIn(new Tenant("hilltop"), "rita", AdminRole.ADMIN, PASSWORD))
                .hasMessageContaining("admin rita already exists");
        assertThatThrownBy(() -> broker.admin().addAdminIn(new Tenant("nowhere"), "nora", AdminRole.ADMIN, PASSWORD))
                .hasMessageContaining("no practice nowhere");
        assertThat(broker.admin().adminAccountsIn(new Tenant("riverside"))).extracting(a -> a.name()).containsExactly("rita");
        assertThat(broker.admin().adminAccountsIn(new Tenant("hilltop"))).isEmpty();
    }

    @Test
    void theServiceAdminPicksAPracticeCreatesOnesAndADefaultPracticeAdminIsNoServiceAdmin() throws Exception {
        String sam = token("sam", Totp.secretOf(broker.admin().addAdmin("sam", AdminRole.SERVICE, PASSWORD)));
        String ada = token("ada", Totp.secretOf(broker.admin().addAdmin("ada", AdminRole.ADMIN, PASSWORD)));

        assertThat(userNames(call("GET", BrokerApi.ADMIN + "/users", sam, null))).containsExactly("Hospital Nurse");
        assertThat(userNames(call("GET", BrokerApi.ADMIN + "/users?tenant=hilltop", sam, null))).containsExactly("Hilltop Nurse");
        HttpResponse<String> nowhere = call("GET", BrokerApi.ADMIN + "/users?tenant=nowhere", sam, null);
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.body()).contains("no practice nowhere");
        assertThat(call("GET", BrokerApi.ADMIN + "/users?tenant=hilltop", ada, null).statusCode()).isEqualTo(403);

        HttpResponse<String> made = call("POST", AdminTenantRoutes.TENANTS, sam, "{\"name\":\"lakeside\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(call("POST", AdminTenantRoutes.TENANTS, sam, "{\"name\":\"lakeside\"}").statusCode()).isEqualTo(409);
        assertThat(call("POST", AdminTenantRoutes.TENANTS, sam, "{\"name\":\"Bad Name\"}").statusCode()).isEqualTo(400);
        assertThat(call("POST", AdminTenantRoutes.TENANTS, ada, "{\"name\":\"elsewhere\"}").statusCode()).isEqualTo(403);
        assertThat(broker.admin().tenants()).extracting(t -> t.tenant().name()).containsExactly("default", "hilltop", "lakeside", "riverside");
        JsonNode listed = json.readTree(call("GET", AdminTenantRoutes.TENANTS, sam, null).body());
        assertThat(listed).extracting(t -> t.path("name").asText()).containsExactly("default", "hilltop", "lakeside", "riverside");
    }
}
