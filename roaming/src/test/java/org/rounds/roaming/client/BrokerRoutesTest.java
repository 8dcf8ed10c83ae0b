package org.rounds.roaming.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BrokerRoutesTest {
    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T08:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    private final MutableClock clock = new MutableClock();
    private final BrokerRoutes routes = new BrokerRoutes(3, clock, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30));

    @Test
    void theConfiguredOrderIsKeptWhileEveryBrokerIsHealthy() {
        assertThat(routes.order()).containsExactly(0, 1, 2);
        routes.succeeded(0);
        assertThat(routes.order()).containsExactly(0, 1, 2);
    }

    @Test
    void aFailedBrokerIsSkippedUntilItsCooldownEndsAndTriedLastMeanwhile() {
        routes.failed(0);
        assertThat(routes.order()).containsExactly(1, 2, 0);
        routes.succeeded(1);
        clock.advance(Duration.ofSeconds(4));
        assertThat(routes.order()).containsExactly(1, 2, 0);
        clock.advance(Duration.ofSeconds(2));
        assertThat(routes.isOpen(0)).isFalse(); // half-open: may be tried, but we stay on 1 (sticky)
        assertThat(routes.order()).containsExactly(1, 2, 0);
    }

    @Test
    void cooldownDoublesWithFailuresInARowUpToTheMaximum() {
        routes.failed(0); // 5 s
        clock.advance(Duration.ofSeconds(6));
        routes.failed(0); // 10 s
        clock.advance(Duration.ofSeconds(9));
        assertThat(routes.isOpen(0)).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(routes.isOpen(0)).isFalse();
        for (int i = 0; i < 10; i++) routes.failed(0);
        clock.advance(Duration.ofSeconds(59));
        assertThat(routes.isOpen(0)).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(routes.isOpen(0)).isFalse();
    }

    @Test
    void failsBackToThePrimaryOnlyAfterItWasHealthyForTheStablePeriod() {
        routes.failed(0);
        routes.succeeded(1);
        assertThat(routes.current()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(6));
        routes.succeeded(0); // a probe finds it back
        clock.advance(Duration.ofSeconds(29));
        assertThat(routes.current()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(routes.current()).isEqualTo(0);
        assertThat(routes.order()).containsExactly(0, 1, 2);
    }

    @Test
    void aPrimaryThatFlapsNeverBecomesStable() {
        routes.failed(0);
        routes.succeeded(1);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(20));
            routes.succeeded(0);
            clock.advance(Duration.ofSeconds(20));
            routes.failed(0);
        }
        assertThat(routes.current()).isEqualTo(1);
    }

    @Test
    void whenEveryBreakerIsOpenAllAreStillTried() {
        routes.failed(0);
        routes.failed(1);
        routes.failed(2);
        assertThat(routes.order()).containsExactlyInAnyOrder(0, 1, 2);
    }
}
