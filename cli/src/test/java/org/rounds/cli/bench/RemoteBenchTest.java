package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rounds bench remote}, small: two sign-ins through the gateway behind a 40 ms relay, and a
 * short note typed through the tunnel and directly. The JSON carries the fields, every
 * sign-in painted a first frame no sooner than the relay's round trips allow, and none failed.
 */
@Tag("bench")
class RemoteBenchTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void signInsPaintThroughTheGatewayAndTheNoteIsCountedBothWays() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(new RemoteBench(2, 40, 12, new PrintWriter(out, true)).run()).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        System.out.println(r);

        assertThat(r.get("failed").asInt()).isZero();
        // a sign-in and a tunnel cost several round trips of the relay: a figure below one is not a measurement
        assertThat(r.get("firstFrameMs").asLong()).isGreaterThan(40);
        assertThat(r.get("firstFrameMsRuns")).hasSize(2);
        assertThat(r.get("typing").get("directBytes").asLong()).isPositive();
        assertThat(r.get("typing").get("tunnelBytes").asLong()).isGreaterThan(r.get("typing").get("directBytes").asLong());
        assertThat(r.get("tunnelOverhead").asDouble()).isPositive();
        // both modes of --desktop-tls: the default's figures are the top-level ones, and a gateway that ends the TLS costs less
        assertThat(r.get("tunnelOverheadByMode").get("end-to-end").asDouble()).isEqualTo(r.get("tunnelOverhead").asDouble());
        assertThat(r.get("tunnelOverheadByMode").get("gateway").asDouble()).isLessThan(r.get("tunnelOverhead").asDouble());
        assertThat(r.get("firstFrameMsByMode").get("end-to-end").asLong()).isEqualTo(r.get("firstFrameMs").asLong());
        assertThat(r.get("firstFrameMsByMode").get("gateway").asLong()).isGreaterThan(40);
        assertThat(r.get("typingGatewayMode").get("tunnelBytes").asLong()).isPositive();
    }
}
