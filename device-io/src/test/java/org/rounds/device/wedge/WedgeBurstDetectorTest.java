package org.rounds.device.wedge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WedgeBurstDetectorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");

    /** Types {@code keys} with the given gaps in ms before each key after the first. */
    private static List<WedgeOutcome> type(WedgeBurstDetector d, String keys, long... gapsMs) {
        List<WedgeOutcome> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < keys.length(); i++) {
            if (i > 0) {
                t += gapsMs[Math.min(i - 1, gapsMs.length - 1)];
            }
            out.addAll(d.onKey(keys.charAt(i), T0.plusMillis(t)));
        }
        out.addAll(d.onIdle(T0.plusMillis(t + 1000)));
        return out;
    }

    private static long[] alternating(long a, long b, int n) {
        long[] g = new long[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 2 == 0 ? a : b;
        }
        return g;
    }

    @Test
    void rfIdeasRhythmOf42To45MsIsABadge() {
        WedgeBurstDetector d = new WedgeBurstDetector(WedgeConfig.DEFAULT);
        List<WedgeOutcome> out = type(d, "0012345678\n", 42, 45, 43, 44, 42, 45, 43, 44, 42, 45);
        assertThat(out).containsExactly(new WedgeOutcome.Badge("0012345678"));
    }

    @Test
    void barcodeScannerRhythmOf7To8MsIsABadge() {
        WedgeBurstDetector d = new WedgeBurstDetector(WedgeConfig.DEFAULT);
        assertThat(type(d, "A1B2C3D4\r", alternating(7, 8, 8))).containsExactly(new WedgeOutcome.Badge("A1B2C3D4"));
    }

    @Test
    void aPersonTypingDigitsSlowlyGetsEveryKeyBack() {
        WedgeBurstDetector d = new WedgeBurstDetector(WedgeConfig.DEFAULT);
        List<WedgeOutcome> out = type(d, "123456\n", 180, 240, 150, 300, 210, 190);
        assertThat(String.join("", out.stream().map(o -> ((WedgeOutcome.Release) o).keys()).toList()))
                .isEqualTo("123456\n");
    }

    @Test
    void fastButUnevenTypingIsNotABadge() {
        WedgeBurstDetector d = new WedgeBurstDetector(WedgeConfig.DEFAULT);
        assertThat(type(d, "1234567\n", 20, 90, 15, 85, 25, 95, 10))
                .containsExactly(new WedgeOutcome.Release("1234567\n"));
    }

    @Test
    void tooShortABurstIsReleased() {
        WedgeBurstDetector d = new WedgeBurstDetector(WedgeConfig.DEFAULT);
        assertThat(type(d, "12345\n", 43)).containsExactly(new WedgeOutcome.Release("12345\n"));
    }

    @Test
    void aBurstWithoutEnterIsDecidedWhenTheKeysStop() {
        WedgeBurstDetector d = new WedgeBurstDetector(WedgeConfig.DEFAULT);
        assertThat(type(d, "87654321", 43)).containsExactly(new WedgeOutcome.Badge("87654321"));
    }

    @Test
    void configuredPrefixAndSuffixAreRequiredAndStripped() {
        WedgeConfig config = WedgeConfig.DEFAULT.withAffixes(";", "?");
        assertThat(type(new WedgeBurstDetector(config), ";1234567?\n", 43))
                .containsExactly(new WedgeOutcome.Badge("1234567"));
        assertThat(type(new WedgeBurstDetector(config), "1234567\n", 43))
                .containsExactly(new WedgeOutcome.Release("1234567\n"));
    }

    @Test
    void otherKeysPassStraightThroughAndFlushWhatWasHeld() {
        WedgeBurstDetector d = new WedgeBurstDetector(WedgeConfig.DEFAULT);
        assertThat(d.onKey(' ', T0)).containsExactly(new WedgeOutcome.Release(" "));
        d.onKey('4', T0.plusMillis(10));
        assertThat(d.onKey('-', T0.plusMillis(20))).containsExactly(new WedgeOutcome.Release("4-"));
    }

    @Test
    void aBadgeFollowingAPauseIsSeparateFromWhatCameBefore() {
        WedgeBurstDetector d = new WedgeBurstDetector(WedgeConfig.DEFAULT);
        List<WedgeOutcome> out = new ArrayList<>(d.onKey('9', T0));
        long t = 2000;
        for (char c : "11223344\n".toCharArray()) {
            out.addAll(d.onKey(c, T0.plusMillis(t)));
            t += 43;
        }
        assertThat(out).containsExactly(new WedgeOutcome.Release("9"), new WedgeOutcome.Badge("11223344"));
    }

    @Test
    void badgeToStringHidesTheNumber() {
        assertThat(new WedgeOutcome.Badge("12345678").toString()).doesNotContain("12345678");
    }
}
