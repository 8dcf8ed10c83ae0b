package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.takeover.Fakes;
import org.rounds.testpeers.PostgresServer;

/**
 * Two brokers on one PostgreSQL store: an admin made by the store tool (with the brokers' key
 * file, beside which the seal key lies) logs in on one broker, and its session works on the other; a third
 * broker with another seal key cannot open the TOTP secret and answers the same 401.
 */
@Tag("peer")
class AdminSessionsPostgresTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> send(Broker b, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(b.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) r.header("Authorization", "Bearer " + token);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAdminSessionMadeOnOneBrokerWorksOnTheOtherOfThePair(@TempDir Path data, @TempDir Path elsewhere) throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("admins");
            String url = "postgresql://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + pg.port() + "/admins";
            Path keyFile = data.resolve("broker.key"), otherKeyFile = elsewhere.resolve("broker.key");
            org.rounds.broker.auth.KeyFile.create(keyFile);
            org.rounds.broker.auth.KeyFile.create(otherKeyFile);
            String uri;
            try (StoreAdmin tool = Broker.admin(url, keyFile)) {
                uri = tool.addAdmin("alice", AdminRole.HELPDESK, "correct horse battery");
            }
            try (Broker a = Broker.builder().database(url).keyFile(keyFile).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
                 Broker b = Broker.builder().database(url).keyFile(keyFile).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
                 Broker stranger = Broker.builder().database(url).keyFile(otherKeyFile).port(0)
                         .desktops(new Fakes.Pool(new Fakes.Journal())).build()) {
                a.start();
                b.start();
                stranger.start();
                String login = json.writeValueAsString(Map.of("name", "alice", "password", "correct horse battery",
                        "totp", Totp.code(Totp.secretOf(uri), Instant.now())));
                HttpResponse<String> in = send(a, "POST", BrokerApi.ADMIN + "/sessions", null, login);
                assertThat(in.statusCode()).as(in.body()).isEqualTo(201);
                String token = json.readTree(in.body()).path("token").asText();
                assertThat(send(b, "PUT", BrokerApi.ADMIN + "/users/nurse", token, "{\"displayName\":\"Nurse\"}").statusCode()).isEqualTo(204);
                assertThat(send(b, "PUT", BrokerApi.ADMIN + "/kiosks/er-kiosk", token, "{\"userId\":\"er\"}").statusCode()).isEqualTo(403);

                HttpResponse<String> wrongKey = send(stranger, "POST", BrokerApi.ADMIN + "/sessions", null, login);
                assertThat(wrongKey.statusCode()).isEqualTo(401);
                assertThat(wrongKey.body()).isEqualTo("{\"error\":\"" + AdminRoutes.WRONG_LOGIN + "\"}");
            }
        }
    }
}
