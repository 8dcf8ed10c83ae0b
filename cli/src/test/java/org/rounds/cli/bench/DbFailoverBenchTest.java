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
 * {@code rounds bench dbfailover} at a light load (this machine is shared): two brokers on a
 * primary and its synchronous standby, the primary SIGKILLed and the standby promoted. Nothing
 * committed is lost, every tap is answered in the end, and the JSON holds exactly its four fields.
 */
@Tag("bench")
class DbFailoverBenchTest {
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aFailoverOfThePrimaryLosesNoCommittedTapAndEveryRetriedTapIsAnswered() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DbFailoverBench(10, 20, 8, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        System.out.println(r);

        assertThat(r.fieldNames()).toIterable().containsExactly("taps", "failedTaps", "lostCommittedTaps", "recoveryMs");
        assertThat(r.get("taps").asInt()).isGreaterThan(30);
        assertThat(r.get("lostCommittedTaps").asInt()).isZero();
        assertThat(r.get("failedTaps").asInt()).isZero();
        assertThat(r.get("recoveryMs").asLong()).isBetween(0L, 15_000L);
    }
}
