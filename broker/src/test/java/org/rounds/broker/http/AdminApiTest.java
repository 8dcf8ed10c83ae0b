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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.rounds.broker.api.BrokerApi;

/** The admin API: nothing without the token; users, PINs, badge revocation, kiosks and the audit trail with it. */
@Tag("unit")
class AdminApiTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> call(Broker b, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(b.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) r.header("Authorization", "Bearer " + token);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutTheTokenNothingIsReadOrWrittenWithItUsersPinsBadgesAndKiosksAreManaged(@TempDir Path dir) throws Exception {
        try (Broker b = Broker.builder().dataDir(dir).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build()) {
            b.start();
            String token = b.freshAdminToken().orElseThrow();
            assertThat(Files.readString(dir.resolve("admin-token")).strip()).isEqualTo(token);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("admin-token")))).isEqualTo("rw-------");

            String user = "{\"displayName\":\"Dr. Louis Martin\",\"badge\":\"04C7D8E9FA1B80\",\"pin\":\"2468\"}";
            for (String bad : new String[] {null, "wrong", token + "x"}) {
                HttpResponse<String> r = call(b, "PUT", BrokerApi.ADMIN + "/users/doctor", bad, user);
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.body()).isEqualTo("{\"error\":\"the admin API needs 'Authorization: Bearer <admin token>'\"}");
            }
            assertThat(call(b, "GET", BrokerApi.ADMIN + "/audit", null, null).statusCode()).isEqualTo(401);
            assertThat(Rows.count(b.database(), "users")).as("nothing written").isZero();

            assertThat(call(b, "PUT", BrokerApi.ADMIN + "/users/doctor", token, user).statusCode()).isEqualTo(204);
            assertThat(call(b, "PUT", BrokerApi.ADMIN + "/users/doctor", token, "{\"displayName\":\"D\",\"pin\":\"12\"}").body())
                    .isEqualTo("{\"error\":\"pin must be 4..12 digits\"}");
            assertThat(call(b, "PUT", BrokerApi.ADMIN + "/users/doctor", token, "{\"displayName\":\"D\",\"role\":\"x\"}").body())
                    .isEqualTo("{\"error\":\"unknown field 'role' in UserUpdate\"}");
            call(b, "POST", BrokerApi.ENDPOINTS, null, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
            String tap = "{\"endpointId\":\"cart-1\",\"credential\":\"04C7D8E9FA1B80\",\"tapId\":\"t-%d\"}";
            assertThat(call(b, "POST", BrokerApi.TAPS, null, tap.formatted(1)).body()).contains("\"decision\":\"pin-required\"");

            JsonNode users = json.readTree(call(b, "GET", BrokerApi.ADMIN + "/users", token, null).body());
            assertThat(users.get(0).path("id").asText()).isEqualTo("doctor");
            assertThat(call(b, "DELETE", BrokerApi.ADMIN + "/users/doctor/badges", token, null).body()).isEqualTo("{\"revoked\":1}");
            assertThat(call(b, "POST", BrokerApi.TAPS, null, tap.formatted(2)).body()).contains("\"decision\":\"unknown-badge\"");

            assertThat(call(b, "PUT", BrokerApi.ADMIN + "/kiosks/er-kiosk", token, "{\"userId\":\"er-reception\"}").statusCode()).isEqualTo(204);
            JsonNode audit = json.readTree(call(b, "GET", BrokerApi.ADMIN + "/audit?user=doctor&limit=2", token, null).body());
            assertThat(audit).hasSize(2);
            assertThat(audit.get(0).path("kind").asText()).isEqualTo("badges-revoked");
            assertThat(Rows.everything(b.database()).toString()).doesNotContain("04C7D8E9FA1B80").doesNotContainPattern("(?<![A-Za-z0-9+/])2468(?![A-Za-z0-9+/=])")  /* as a value, not inside base64 */;
        }
        // a later start on the same store makes no new token
        try (Broker again = Broker.builder().dataDir(dir).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build()) {
            again.start();
            assertThat(again.freshAdminToken()).isEmpty();
        }
    }
}
