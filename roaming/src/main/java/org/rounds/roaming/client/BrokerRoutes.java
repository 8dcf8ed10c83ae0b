package org.rounds.roaming.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which broker to try first, remembered across calls (like OkHttp's RouteDatabase): a circuit
 * breaker per broker and a sticky current broker.
 *
 * <ul>
 *   <li>A failed broker's breaker opens for a cooldown that doubles with each failure in a row
 *       (from {@code baseCooldown} up to {@code maxCooldown}); calls try it again only after
 *       that, or when every broker's breaker is open.
 *   <li>A broker over capacity (it shed a call with 503 and Retry-After) is alive: its breaker
 *       opens for just the time it asked, and its run of failures does not grow.
 *   <li>The endpoint sticks to the broker that last answered. It fails back to a broker earlier
 *       in the configured list only once that broker has been healthy for {@code failbackAfter}
 *       (probes or calls succeeding), so a flapping primary does not drag endpoints back and forth.
 * </ul>
 * Thread-safe. Time comes from the injected clock.
 */
final class BrokerRoutes {
    private final int count;
    private final Clock clock;
    private final Duration baseCooldown;
    private final Duration maxCooldown;
    private final Duration failbackAfter;
    private final Instant[] openUntil;
    private final int[] failuresInARow;
    private final Instant[] healthySince;
    private int current;

    BrokerRoutes(int count, Clock clock, Duration baseCooldown, Duration maxCooldown, Duration failbackAfter) {
        if (count < 1) throw new IllegalArgumentException("at least one broker is needed");
        this.count = count;
        this.clock = clock;
        this.baseCooldown = baseCooldown;
        this.maxCooldown = maxCooldown;
        this.failbackAfter = failbackAfter;
        this.openUntil = new Instant[count];
        this.failuresInARow = new int[count];
        this.healthySince = new Instant[count];
        Instant now = clock.instant();
        for (int i = 0; i < count; i++) healthySince[i] = now.minus(failbackAfter); // innocent until proven dead
    }

    /** The order to try the brokers in now: the current one, then the others with closed breakers, then the open ones. */
    synchronized List<Integer> order() {
        Instant now = clock.instant();
        maybeFailBack(now);
        List<Integer> closed = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int i = (current + k) % count;
            (isOpen(i, now) ? open : closed).add(i);
        }
        closed.addAll(open);
        return closed;
    }

    synchronized void succeeded(int broker) {
        failuresInARow[broker] = 0;
        if (openUntil[broker] != null || healthySince[broker] == null) healthySince[broker] = clock.instant();
        openUntil[broker] = null;
        if (isOpen(current, clock.instant())) current = broker;
    }

    synchronized void failed(int broker) {
        Instant now = clock.instant();
        int n = Math.min(++failuresInARow[broker], 16);
        Duration cooldown = baseCooldown.multipliedBy(1L << Math.min(n - 1, 10));
        if (cooldown.compareTo(maxCooldown) > 0) cooldown = maxCooldown;
        openUntil[broker] = now.plus(cooldown);
        healthySince[broker] = null;
        if (broker == current) moveOff(broker, now);
    }

    private void moveOff(int broker, Instant now) {
        for (int k = 1; k < count; k++) {
            int next = (broker + k) % count;
            if (!isOpen(next, now)) {
                current = next;
                break;
            }
        }
    }

    /**
     * The broker shed a request (over capacity) and asked to be left alone for {@code retryAfter}:
     * it is alive, so its breaker opens for just that long (at most the longest cooldown) and its
     * run of failures does not grow; the endpoint moves on as from a failed broker.
     */
    synchronized void busy(int broker, Duration retryAfter) {
        Instant now = clock.instant();
        openUntil[broker] = now.plus(retryAfter.compareTo(maxCooldown) > 0 ? maxCooldown : retryAfter);
        healthySince[broker] = null;
        if (broker == current) moveOff(broker, now);
    }

    synchronized int current() {
        maybeFailBack(clock.instant());
        return current;
    }

    synchronized boolean isOpen(int broker) {
        return isOpen(broker, clock.instant());
    }

    private boolean isOpen(int broker, Instant now) {
        return openUntil[broker] != null && now.isBefore(openUntil[broker]);
    }

    private void maybeFailBack(Instant now) {
        int stable = firstStable(now);
        if (stable >= 0 && stable < current) current = stable;
    }

    private int firstStable(Instant now) {
        for (int i = 0; i < count; i++) {
            if (!isOpen(i, now) && healthySince[i] != null && !now.isBefore(healthySince[i].plus(failbackAfter))) return i;
        }
        return -1;
    }
}
