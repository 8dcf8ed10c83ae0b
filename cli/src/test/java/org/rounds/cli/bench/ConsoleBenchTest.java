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
 * {@code rounds bench console} small (10,000 rows) on a real PostgreSQL: it signs in, every
 * timed page is answered, and the JSON has the fields the issue names. Speed is the benchmark's
 * to report over 1,000,000 rows, not this test's.
 */
@Tag("bench")
class ConsoleBenchTest {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void reportsTheAuditPageTimesOverTheRowsItWrote() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ConsoleBench(10_000, 30, null, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        System.out.println(r);

        assertThat(r.get("rows").asInt()).isEqualTo(10_000);
        assertThat(r.get("requests").asInt()).isEqualTo(30);
        assertThat(r.get("failedRequests").asInt()).as(r.path("firstFailure").asText()).isZero();
        assertThat(r.get("auditPageMsMedian").asDouble()).isPositive();
        assertThat(r.get("auditPageMsP95").asDouble()).isGreaterThanOrEqualTo(r.get("auditPageMsMedian").asDouble());
        assertThat(r.get("goalMs").asInt()).isEqualTo(200);
        assertThat(r.has("failed")).isTrue();
        assertThat(r.at("/byPage/deepKeyset/p50").asDouble()).isPositive();
        assertThat(r.at("/byPage/byUser/p50").asDouble()).isPositive();
        assertThat(r.at("/byPage/byEndpointAndKind/p50").asDouble()).isPositive();
        assertThat(r.at("/byPage/hourLongAgo/p50").asDouble()).isPositive();
    }
}
