package org.rounds.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.MutableClock;

/** The kiosk admin PIN's wait after wrong tries, as the kiosk's screen shows it. */
@Tag("unit")
class AdminPinBackoffTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T09:00:00Z"));
    private final AdminPinBackoff backoff = new AdminPinBackoff(clock);

    @Test
    void twoWrongPinsCostNothingTheThirdThirtySecondsEachNextTwiceAsLong() {
        backoff.wrong();
        backoff.wrong();
        assertThat(backoff.refusedFor()).isEmpty();
        backoff.wrong();
        assertThat(backoff.refusedFor()).contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofMillis(29_001));
        assertThat(backoff.refusedFor()).as("rounded up").contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(999));
        assertThat(backoff.refusedFor()).isEmpty();
        backoff.wrong();
        assertThat(backoff.refusedFor()).contains(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        backoff.wrong();
        assertThat(backoff.refusedFor()).contains(Duration.ofSeconds(120));
    }

    @Test
    void theWaitStopsGrowingAtAnHour() {
        for (int i = 0; i < 40; i++) {
            backoff.wrong();
            clock.advance(Duration.ofHours(2));
        }
        backoff.wrong();
        assertThat(backoff.refusedFor()).contains(Duration.ofHours(1));
    }

    @Test
    void theRightPinStartsTheCountOver() {
        backoff.wrong();
        backoff.wrong();
        backoff.right();
        backoff.wrong();
        backoff.wrong();
        assertThat(backoff.refusedFor()).isEmpty();
    }
}
