package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.takeover.Rows;

/**
 * A broker whose decisions queue for the database longer than the target sheds the excess at
 * once: 503 with Retry-After and one line, counted on /metrics, and nothing written; what it
 * admitted is still answered. The endpoint then asks its next broker (BrokerClientTest).
 */
@Tag("unit")
class LoadSheddingTest {
    private static final int BURST = 8;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SlowPool desktops = new SlowPool(1);
    private Broker broker;

    @AfterEach
    void stop() {
        desktops.start.countDown();
        if (broker != null) broker.close();
    }

    @Test
    void withTheDatabaseBusyABurstIsShedAtOnceWithRetryAfterAndTheAdmittedTapIsStillAnswered() throws Exception {
        // One slot: the first tap holds it while its desktop "starts", so the burst behind it queues.
        broker = Broker.builder().inMemory().port(0).desktops(desktops).decisionSlots(1).build();
        broker.start();
        for (int i = 0; i <= BURST; i++) {
            broker.enroll("nurse-" + i, "Nurse " + i, badge(i));
            assertThat(post(BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-" + i + "\",\"kind\":\"cart\",\"location\":\"Ward 4\"}")
                    .get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        }
        CompletableFuture<HttpResponse<String>> admitted = tap(0);
        assertThat(desktops.asked.await(10, TimeUnit.SECONDS)).as("the first tap inside the desktop pool").isTrue();
        long taps = Rows.count(broker.database(), "taps");

        List<CompletableFuture<Timed>> burst = new ArrayList<>();
        for (int i = 1; i <= BURST; i++) {
            long sent = System.nanoTime();
            burst.add(tap(i).thenApply(r -> new Timed(r, (System.nanoTime() - sent) / 1_000_000)));
        }
        for (CompletableFuture<Timed> f : burst) {
            Timed t = f.get(10, TimeUnit.SECONDS);
            assertThat(t.answer.statusCode()).as(t.answer.body()).isEqualTo(503);
            assertThat(t.answer.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(t.answer.body()).isEqualTo("{\"error\":\"broker over capacity: requests wait longer than 50 ms for the "
                    + "database; try another broker, or this one again in 1 s\"}");
            // the 50 ms goal is the bench's to measure; here only "at once, not after the tap in flight"
            assertThat(t.millis).as("a shed tap answered at once").isLessThan(1000);
        }
        assertThat(admitted).as("the admitted tap, still working").isNotDone();
        assertThat(Rows.count(broker.database(), "taps")).as("a shed tap writes nothing").isEqualTo(taps);

        desktops.start.countDown();
        HttpResponse<String> first = admitted.get(10, TimeUnit.SECONDS);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"decision\":\"connect\"").contains("\"userId\":\"nurse-0\"");
        HttpResponse<String> again = tap(1).get(10, TimeUnit.SECONDS);
        assertThat(again.body()).as("a shed tap, once the queue is short").contains("\"decision\":\"connect\"").contains("\"userId\":\"nurse-1\"");
        assertThat(get("/metrics")).contains("rounds_shed_total{route=\"taps\"} " + BURST + ".0");
    }

    @Test
    void aLogoffIsNeverShed() throws Exception {
        broker = Broker.builder().inMemory().port(0).desktops(desktops).decisionSlots(1).build();
        broker.start();
        broker.enroll("nurse-0", "Nurse 0", badge(0));
        broker.enroll("nurse-1", "Nurse 1", badge(1));
        assertThat(post(BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-0\",\"kind\":\"cart\",\"location\":\"Ward 4\"}")
                .get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        CompletableFuture<HttpResponse<String>> admitted = tap(0);
        assertThat(desktops.asked.await(10, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> logoff = post(BrokerApi.LOGOFF, "{\"endpointId\":\"cart-0\",\"userId\":\"nurse-1\",\"generation\":0,\"reconnectToken\":\"\"}").get(10, TimeUnit.SECONDS);
        // with the only slot held, a tap here would be shed; the logoff is answered (nurse-1 had no session to end)
        assertThat(logoff.statusCode()).as(logoff.body()).isEqualTo(200);
        desktops.start.countDown();
        assertThat(admitted.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    private record Timed(HttpResponse<String> answer, long millis) {}

    private static String badge(int i) {
        return "04123456" + (10 + i);
    }

    private CompletableFuture<HttpResponse<String>> tap(int i) {
        return post(BrokerApi.TAPS, "{\"endpointId\":\"cart-" + i + "\",\"credential\":\"" + badge(i) + "\",\"tapId\":\"t-" + i + "\"}");
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(broker.baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
