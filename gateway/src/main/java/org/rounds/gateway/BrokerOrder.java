package org.rounds.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The order the brokers are asked in: {@code --brokers}' order, except that a broker which failed
 * (unreachable, silent, or 502/503/504) within the last {@link #COOLDOWN} is asked after the
 * others, as OkHttp's RouteDatabase postpones failed routes. A broker host that drops packets
 * costs the connect timeout once per cooldown, not on every sign-in and tunnel; a failed broker
 * is still asked when all the others fail too. Time is the caller's monotonic nanos.
 */
final class BrokerOrder {
    /** Long enough to spare a burst of outside sign-ins the dead broker's timeout; short enough to notice it back within seconds. */
    static final Duration COOLDOWN = Duration.ofSeconds(10);

    private final long[] failedAt;   // 0: not failed
    private final long cooldownNanos;
    private final LongSupplier nanos;

    BrokerOrder(int brokers, Duration cooldown, LongSupplier nanos) {
        this.failedAt = new long[brokers];
        this.cooldownNanos = cooldown.toNanos();
        this.nanos = nanos;
    }

    /** The indexes of the brokers, in the order to ask them now. */
    synchronized List<Integer> order() {
        long now = nanos.getAsLong();
        List<Integer> fresh = new ArrayList<>(), cooling = new ArrayList<>();
        for (int i = 0; i < failedAt.length; i++) {
            boolean recent = failedAt[i] != 0 && now - failedAt[i] < cooldownNanos;
            (recent ? cooling : fresh).add(i);
        }
        fresh.addAll(cooling);
        return fresh;
    }

    synchronized void failed(int broker) {
        long now = nanos.getAsLong();
        failedAt[broker] = now == 0 ? 1 : now;
    }

    synchronized void answered(int broker) {
        failedAt[broker] = 0;
    }
}
