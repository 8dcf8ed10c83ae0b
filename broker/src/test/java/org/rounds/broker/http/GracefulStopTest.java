package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.testpeers.Await;

/**
 * A broker stopped in a rolling upgrade: it refuses new connections at once, so endpoints move to
 * another broker, and answers the tap it is working on instead of cutting it.
 */
@Tag("unit")
class GracefulStopTest {
    static final String BADGE = "0412345678";

    @Test
    void aStoppingBrokerRefusesNewConnectionsAndAnswersTheTapInFlight() throws Exception {
        SlowPool desktops = new SlowPool(1);
        Broker broker = Broker.builder().inMemory().port(0).desktops(desktops).build();
        broker.start();
        broker.enroll("nurse", "Nurse Amina Diallo", BADGE);
        int port = broker.port();
        HttpClient http = HttpClient.newHttpClient();
        assertThat(post(http, broker, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}")
                .get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        CompletableFuture<HttpResponse<String>> tap = post(http, broker, BrokerApi.TAPS,
                "{\"endpointId\":\"cart-1\",\"credential\":\"" + BADGE + "\",\"tapId\":\"t-1\"}");
        assertThat(desktops.asked.await(10, TimeUnit.SECONDS)).as("the tap reached the desktop pool").isTrue();

        Thread stopping = new Thread(broker::close, "broker-stop");
        stopping.start();
        Await.until(Duration.ofSeconds(5), "the stopping broker to refuse new connections", () -> refused(port));
        assertThat(tap).as("the tap in flight, while the broker stops").isNotDone();

        desktops.start.countDown();
        HttpResponse<String> answer = tap.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"decision\":\"connect\"").contains("\"userId\":\"nurse\"");
        stopping.join(10_000);
        assertThat(stopping.isAlive()).as("the broker stopped once its tap was answered").isFalse();
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1000)).isInstanceOf(ConnectException.class);
    }

    private static CompletableFuture<HttpResponse<String>> post(HttpClient http, Broker broker, String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(broker.baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
