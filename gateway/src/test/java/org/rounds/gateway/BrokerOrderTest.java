package org.rounds.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BrokerOrderTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final BrokerOrder order = new BrokerOrder(3, Duration.ofSeconds(10), now::get);

    @Test
    void aFailedBrokerIsAskedLastUntilTheCooldownEndsOrItAnswers() {
        assertThat(order.order()).containsExactly(0, 1, 2);
        order.failed(0);
        assertThat(order.order()).containsExactly(1, 2, 0);
        order.failed(1);
        assertThat(order.order()).as("both failed ones last, in their own order").containsExactly(2, 0, 1);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        order.answered(1);
        assertThat(order.order()).containsExactly(1, 2, 0);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(order.order()).as("after the cooldown, --brokers' order again").containsExactly(0, 1, 2);
    }
}
