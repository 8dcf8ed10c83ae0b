package org.rounds.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class HeadlessDemoTest {

    @Test
    void theRoamingScriptPassesEveryCheckAndPrintsTimings() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc = new HeadlessDemo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(rc).as(String.join("\n", lines)).isZero();
        assertThat(lines).hasSize(5);
        ObjectMapper json = new ObjectMapper();
        for (int step = 1; step <= 4; step++) {
            JsonNode line = json.readTree(lines.get(step - 1));
            assertThat(line.get("step").asInt()).isEqualTo(step);
            assertThat(line.get("ok").asBoolean()).isTrue();
            assertThat(line.get("elapsedMs").asLong()).isNotNegative();
        }
        assertThat(lines.get(2)).contains("cart-1 blanked before cart-2 painted");
        assertThat(lines.get(4)).matches("demo ok: tap-to-desktop \\d+ ms, roam \\d+ ms, tap-out \\d+ ms");
    }
}
