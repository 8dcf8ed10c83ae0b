package org.rounds.broker.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Failed admin logins per (admin name, source address): after {@link #FREE} failures the pair is
 * refused for 10 s, doubling with each further failure up to 15 min; a success clears it. Keyed by
 * the pair, so guesses from one address never lock the admin out from another. Bounded: the least
 * recently used pairs are forgotten, so a flood of made-up names cannot grow memory. One per broker,
 * shared by the admin API and the console's sign-in.
 */
public final class AdminLoginThrottle {
    static final int FREE = 5;
    private static final Duration FIRST_BLOCK = Duration.ofSeconds(10);
    private static final Duration LONGEST_BLOCK = Duration.ofMinutes(15);
    private static final int MAX_PAIRS = 10_000;

    private record Failures(int count, Instant blockedUntil) {}

    private final Clock clock;
    private final Map<String, Failures> failures = SourceBuckets.lru(MAX_PAIRS);

    public AdminLoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts a login attempt of the pair: the seconds it must still wait (the attempt is refused),
     * or 0 when it may try now. A started attempt counts as failed until {@link #succeeded}, so that
     * guesses sent in parallel, while the password hashes run, count as soon as they arrive.
     */
    public synchronized long begin(String name, String source) {
        Failures f = failures.getOrDefault(key(name, source), new Failures(0, null));
        if (f.blockedUntil() != null) {
            long ms = Duration.between(clock.instant(), f.blockedUntil()).toMillis();
            if (ms > 0) return (ms + 999) / 1000;
        }
        int count = f.count() + 1;
        Instant until = null;
        if (count >= FREE) {
            Duration block = FIRST_BLOCK.multipliedBy(1L << Math.min(count - FREE, 10));
            until = clock.instant().plus(block.compareTo(LONGEST_BLOCK) > 0 ? LONGEST_BLOCK : block);
        }
        failures.put(key(name, source), new Failures(count, until));
        return 0;
    }

    public synchronized void succeeded(String name, String source) {
        failures.remove(key(name, source));
    }

    private static String key(String name, String source) {
        return name + "\n" + source;
    }
}
