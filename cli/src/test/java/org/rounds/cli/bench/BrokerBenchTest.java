package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rounds bench broker} at a small scale, on a real PostgreSQL: every endpoint's push
 * channel is held (as the load saw it and as the broker's /metrics counts it), taps are answered,
 * and the session-moved pushes they cause reach the old endpoints and are acknowledged.
 * Speed is the benchmark's to report, not this test's.
 */
@Tag("bench")
class BrokerBenchTest {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void holdsEveryEndpointsPushChannelAndAnswersTaps() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new BrokerBench(300, 40, 4, null, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        System.out.println(r);

        assertThat(r.get("errors").asInt()).as(r.path("firstError").asText()).isZero();
        assertThat(r.get("endpointsHeld").asInt()).isEqualTo(300);
        assertThat(r.at("/pushChannelsOnBroker/beforeTaps").asInt()).as("channels the broker itself counts").isEqualTo(300);
        assertThat(r.at("/pushChannelsOnBroker/atEnd").asInt()).isEqualTo(300);
        assertThat(r.get("tapsAnswered").asInt()).as("40 taps/s for 4 s").isGreaterThan(100);
        assertThat(r.at("/tapLatencyMs/p99").asDouble()).isPositive();
        assertThat(r.at("/sessionMovedPushes/received").asInt()).as("takeovers told the old endpoint").isPositive()
                .isEqualTo(r.at("/sessionMovedPushes/acknowledged").asInt());
        assertThat(status).isZero();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twoBrokersReportTheirHeapPerEndpointGcPausesShedRequestsAndThePgbenchAnchor() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new BrokerBench(2, 200, 20, 5, null, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        System.out.println(r);

        assertThat(r.get("errors").asInt()).as(r.path("firstError").asText()).isZero();
        assertThat(r.get("brokers").asInt()).isEqualTo(2);
        assertThat(r.get("endpointsHeld").asInt()).isEqualTo(200);
        assertThat(r.at("/pushChannelsOnBroker/beforeTaps").asInt()).as("channels the two brokers count").isEqualTo(200);
        assertThat(r.get("tapsAnswered").asInt()).as("20 taps/s for 5 s").isGreaterThan(50);
        assertThat(r.at("/tapLatencyMs/p99").asDouble()).isPositive();
        assertThat(r.get("heapPerEndpointBytes").asLong()).as("heap per endpoint held").isPositive().isLessThan(10_000_000);
        assertThat(r.has("longestGcPauseMs")).isTrue();
        assertThat(r.get("longestGcPauseMs").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(r.get("shedRequests").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(r.has("pgbenchSkipped")).as(r.path("pgbenchSkipped").asText()).isFalse();
        assertThat(r.get("pgbenchClients").asInt()).isPositive();
        assertThat(r.get("pgbenchTapsPerSecond").asDouble()).isPositive();
        assertThat(r.get("pgbenchRatio").asDouble()).isPositive();
        // the load is cheap: a handful of threads, and a push channel per endpoint plus a few shared tap
        // connections per broker (it held 356 threads and 5,394 descriptors for 2,000 endpoints before)
        assertThat(r.at("/loadProcess/threadsPeak").asInt()).isPositive().isLessThan(64);
        assertThat(r.at("/loadProcess/fileDescriptors").asInt()).isGreaterThanOrEqualTo(200)
                .isLessThanOrEqualTo(200 + 2 * BrokerLoadWorker.LANES_PER_BROKER + 100);
        assertThat(r.at("/loadProcess/cpuCores").asDouble()).isPositive();
        assertThat(status).isZero();
    }

    /**
     * {@code --tenants}: every endpoint enrolled with its own certificate over mutual TLS, in
     * practices set up alike; the three runs (one practice, the practices, practice A beyond its
     * limit) are all in the JSON, A's excess is refused with 429 and nobody else's tap is.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void practicesTapOverTlsWithTheirOwnCertificatesAndOneAtItsLimitIsHeldThere() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // 12 s: practice A's flood is off for the first 5 s after the warm-up and on for the next 5 (FloodWindows)
        int status = new BrokerBench(2, 40, 4, 20, 12, null, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        System.out.println(r);

        assertThat(r.get("errors").asInt()).as(r.path("firstError").asText()).isZero();
        assertThat(r.get("transport").asText()).isEqualTo("mutual TLS");
        assertThat(r.get("tenants").asInt()).isEqualTo(4);
        assertThat(r.get("endpointsPerTenant").asInt()).isEqualTo(10);
        assertThat(r.get("endpointsHeld").asInt()).isEqualTo(40);
        assertThat(r.at("/pushChannelsOnBroker/beforeTaps").asInt()).as("channels the two brokers count").isEqualTo(40);
        assertThat(r.get("tapsAnswered").asInt()).as("20 taps/s for 12 s").isGreaterThan(120);
        assertThat(r.at("/sessionMovedPushes/received").asInt()).as("takeovers within each practice told its old endpoint").isPositive();
        assertThat(r.at("/singleTenant/errors").asInt()).as(r.at("/singleTenant/firstError").asText()).isZero();
        assertThat(r.at("/singleTenant/endpointsHeld").asInt()).isEqualTo(40);
        assertThat(r.at("/singleTenant/tapLatencyMs/p99").asDouble()).isPositive();
        assertThat(r.get("p99VsSingleTenant").asDouble()).isPositive();

        JsonNode a = r.get("practiceAtLimit");
        assertThat(a.get("practice").asText()).isEqualTo("practice-000");
        assertThat(a.get("errors").asInt()).as("no other practice refused: " + a.path("firstError").asText()).isZero();
        assertThat(a.get("refused429").asInt()).as("practice A beyond its limit").isPositive();
        // its limit a second on each of 2 brokers, and at most a burst of two seconds' worth beyond that (it offered twice that)
        double limit = BrokerBench.PRACTICE_A_LIMIT;
        assertThat(a.get("admitted").asInt()).isPositive().isLessThanOrEqualTo((int) (2 * limit * 12 + 2 * 2 * limit * 2));
        assertThat(a.at("/othersTapLatencyMs/p99").asDouble()).as("others while A floods").isPositive();
        assertThat(a.at("/othersTapLatencyMsBetween/p99").asDouble()).as("others while A does not").isPositive();
        assertThat(a.get("othersP99Ratio").asDouble()).isPositive();
        assertThat(status).isZero();
    }
}
