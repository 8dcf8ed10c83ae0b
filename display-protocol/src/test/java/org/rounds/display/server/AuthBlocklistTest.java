package org.rounds.display.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The failed-authentication block by source: threshold, doubling after a failed retry, forgiveness on success. */
@Tag("unit")
class AuthBlocklistTest {
    private long now = 1_000_000;
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(java.time.ZoneId zone) { return this; }

        @Override public Instant instant() { return Instant.ofEpochMilli(now); }
    };
    private final AuthBlocklist list = new AuthBlocklist(5, Duration.ofSeconds(10), clock);
    private final InetAddress cart = InetAddress.getLoopbackAddress();
    private final InetAddress other = InetAddress.getByAddress(new byte[] {10, 0, 0, 9});

    AuthBlocklistTest() throws Exception {}

    @Test
    void fiveFailuresBlockForTenSecondsThenEachFailedRetryDoubles() {
        for (int i = 0; i < 4; i++) assertThat(list.failed(cart)).isZero();
        assertThat(list.failed(cart)).isEqualTo(Duration.ofSeconds(10));
        assertThat(list.blocked(cart)).isEqualTo(Duration.ofSeconds(10));
        assertThat(list.blocked(other)).as("only the source is blocked").isZero();
        now += 10_000;
        assertThat(list.blocked(cart)).isZero();
        assertThat(list.failed(cart)).isEqualTo(Duration.ofSeconds(20));
        now += 20_000;
        assertThat(list.failed(cart)).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void aSuccessForgetsTheSource() {
        for (int i = 0; i < 4; i++) list.failed(cart);
        list.succeeded(cart);
        for (int i = 0; i < 4; i++) assertThat(list.failed(cart)).isZero();
    }

    @Test
    void theBlockStopsDoublingAtOneHour() {
        Duration last = Duration.ZERO;
        for (int i = 0; i < 30; i++) {
            last = list.failed(cart);
            now += last.toMillis();
        }
        assertThat(last).isEqualTo(AuthBlocklist.MAX_BLOCK);
    }
}
