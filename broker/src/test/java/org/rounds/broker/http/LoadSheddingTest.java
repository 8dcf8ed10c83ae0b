package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
import org.rounds.testpeers.Await;

/**
 * A broker whose decisions queue for the database longer than the target sheds the excess at
 * once: 503 with Retry-After and one line, counted on /metrics, and nothing written; what it
 * admitted is still answered. The endpoint then asks its next broker (BrokerClientTest). A tap
 * waiting on the network (here a desktop starting) holds no slot: it bounds database work only.
 */
@Tag("unit")
class LoadSheddingTest {
    private static final int BURST = 8;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SlowPool desktops = new SlowPool(1, "nurse-0");
    private Broker broker;
    private Connection held;

    @AfterEach
    void stop() throws SQLException {
        desktops.start.countDown();
        if (held != null) held.close();
        if (broker != null) broker.close();
    }

    @Test
    void withTheDatabaseBusyABurstIsShedAtOnceWithRetryAfterAndTheAdmittedTapIsStillAnswered() throws Exception {
        startWithOneSlot(BURST);
        CompletableFuture<HttpResponse<String>> admitted = tapWaitingOnTheDatabase();
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

        held.rollback();
        HttpResponse<String> first = admitted.get(10, TimeUnit.SECONDS);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"decision\":\"connect\"").contains("\"userId\":\"nurse-0\"");
        HttpResponse<String> again = tap(1).get(10, TimeUnit.SECONDS);
        assertThat(again.body()).as("a shed tap, once the queue is short").contains("\"decision\":\"connect\"").contains("\"userId\":\"nurse-1\"");
        assertThat(get("/metrics")).contains("rounds_shed_total{route=\"taps\"} " + BURST + ".0");
    }

    @Test
    void aTapWaitingForItsDesktopHoldsNoSlotSoAnotherUsersTapIsAnsweredMeanwhile() throws Exception {
        startWithOneSlot(1);
        CompletableFuture<HttpResponse<String>> starting = tap(0);
        assertThat(desktops.asked.await(10, TimeUnit.SECONDS)).as("nurse-0's tap waiting for her desktop").isTrue();

        HttpResponse<String> other = tap(1).get(10, TimeUnit.SECONDS);

        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(other.body()).contains("\"decision\":\"connect\"").contains("\"userId\":\"nurse-1\"");
        assertThat(starting).as("nurse-0's desktop still starting").isNotDone();
        desktops.start.countDown();
        assertThat(starting.get(10, TimeUnit.SECONDS).body()).contains("\"decision\":\"connect\"").contains("\"userId\":\"nurse-0\"");
        assertThat(get("/metrics")).doesNotContain("rounds_shed_total{route=\"taps\"}");
    }

    @Test
    void aLogoffIsNeverShed() throws Exception {
        startWithOneSlot(1);
        CompletableFuture<HttpResponse<String>> admitted = tapWaitingOnTheDatabase();
        HttpResponse<String> logoff = post(BrokerApi.LOGOFF, "{\"endpointId\":\"cart-0\",\"userId\":\"nurse-1\",\"generation\":0,\"reconnectToken\":\"\"}").get(10, TimeUnit.SECONDS);
        // with the only slot held, a tap here would be shed; the logoff is answered (nurse-1 had no session to end)
        assertThat(logoff.statusCode()).as(logoff.body()).isEqualTo(200);
        held.rollback();
        assertThat(admitted.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    /** A broker with one decision slot, nurses 0..{@code others} enrolled, carts 0..{@code others} and cart-x registered. */
    private void startWithOneSlot(int others) throws Exception {
        broker = Broker.builder().inMemory().port(0).desktops(desktops).decisionSlots(1).build();
        broker.start();
        for (int i = 0; i <= others; i++) {
            broker.enroll("nurse-" + i, "Nurse " + i, badge(i));
            register("cart-" + i);
        }
        register("cart-x");
    }

    /**
     * Nurse-0's tap on cart-0 holding the only slot while it waits on the database: her session
     * (shown on cart-x) is locked by a transaction of the test's ({@link #held}) until it rolls back.
     */
    private CompletableFuture<HttpResponse<String>> tapWaitingOnTheDatabase() throws Exception {
        desktops.start.countDown();   // desktops start at once here: the database is what is slow
        assertThat(post(BrokerApi.TAPS, "{\"endpointId\":\"cart-x\",\"credential\":\"" + badge(0) + "\",\"tapId\":\"t-x\"}")
                .get(10, TimeUnit.SECONDS).body()).contains("\"decision\":\"connect\"");
        try (Connection c = broker.database().connection(); Statement st = c.createStatement()) {
            st.execute("SET DEFAULT_LOCK_TIMEOUT 20000");   // H2's 2 s could run out before the burst is shed on a busy machine
        }
        broker.database().retireConnections();   // the pool's next connections take it
        held = broker.database().connection();
        held.setAutoCommit(false);
        try (Statement st = held.createStatement()) {
            st.executeQuery("SELECT generation FROM desktop_sessions WHERE user_id = 'nurse-0' FOR UPDATE").close();
        }
        CompletableFuture<HttpResponse<String>> tap = tap(0);
        Await.until(Duration.ofSeconds(10), "nurse-0's tap waiting for her session's row lock", () -> {
            try (Connection c = broker.database().connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")) {
                return rs.next() && rs.getInt(1) > 0;
            }
        });
        return tap;
    }

    private void register(String cart) throws Exception {
        assertThat(post(BrokerApi.ENDPOINTS, "{\"endpointId\":\"" + cart + "\",\"kind\":\"cart\",\"location\":\"Ward 4\"}")
                .get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
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
