package org.rounds.device.wedge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key timing traces (src/test/resources/wedge/traces): a wedge reader, a scanner, a person
 * typing digits, a reader on an AZERTY host, and a person interrupted by a badge. Each trace
 * says what must come out: exactly the badges, and every key the person typed, in order.
 */
@Tag("unit")
class WedgeTracesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"rfideas-qwerty", "scanner-qwerty", "person-digits", "rfideas-azerty", "mixed-azerty"})
    void exactlyTheBadgesAreTakenAndEveryTypedKeyIsGivenBack(String name) throws IOException {
        List<String> expected = new ArrayList<>();
        List<long[]> keys = new ArrayList<>();
        for (String line : read(name + ".trace")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            if (line.startsWith("expect ")) {
                expected.add(line.substring(7).replace("\\n", "\n"));
                continue;
            }
            String[] f = line.split("\t");
            char c = switch (f[1]) {
                case "ENTER" -> '\n';
                case "SPACE" -> ' ';
                case "CR" -> '\r';
                default -> f[1].charAt(0);
            };
            keys.add(new long[] {Long.parseLong(f[0]), c});
        }
        KeyboardLayout layout = name.contains("azerty") ? KeyboardLayout.AZERTY : KeyboardLayout.QWERTY;
        WedgeBurstDetector detector = new WedgeBurstDetector(WedgeConfig.DEFAULT, layout);
        List<WedgeOutcome> out = new ArrayList<>();
        long now = 0;
        for (long[] k : keys) {
            for (; now < k[0]; now += 20) out.addAll(detector.onIdle(T0.plusMillis(now)));   // the UI's idle timer
            now = k[0];
            out.addAll(detector.onKey((char) k[1], T0.plusMillis(now)));
        }
        out.addAll(detector.onIdle(T0.plusMillis(now + 1000)));
        assertThat(merged(out)).containsExactlyElementsOf(expected);
    }

    /** Badges as "badge ID", runs of released keys joined as "typed TEXT". */
    private static List<String> merged(List<WedgeOutcome> outcomes) {
        List<String> lines = new ArrayList<>();
        StringBuilder typed = new StringBuilder();
        for (WedgeOutcome o : outcomes) {
            if (o instanceof WedgeOutcome.Release r) {
                typed.append(r.keys());
            } else if (o instanceof WedgeOutcome.Badge b) {
                if (typed.length() > 0) lines.add("typed " + typed);
                typed.setLength(0);
                lines.add("badge " + b.id());
            }
        }
        if (typed.length() > 0) lines.add("typed " + typed);
        return lines;
    }

    private static List<String> read(String resource) throws IOException {
        try (InputStream in = WedgeTracesTest.class.getResourceAsStream("/wedge/traces/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
