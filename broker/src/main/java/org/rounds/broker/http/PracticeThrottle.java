package org.rounds.broker.http;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.rounds.broker.store.PracticeLimits;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.takeover.PracticeLimitReached;

/**
 * Each practice's decisions a second on this broker ({@link PracticeLimits#tapsPerSecond}), as a
 * token bucket per practice (burst: two seconds' worth), so that a practice whose endpoints flood
 * is answered 429 before its requests take decision slots or database connections that other
 * practices' taps need. Limits are read from the store and kept {@link #LIMITS_NANOS}: a change
 * holds on every broker within that. Per broker: with N brokers a practice may reach N times its
 * rate, as the load balancer spreads it.
 */
final class PracticeThrottle {
    static final long LIMITS_NANOS = 5_000_000_000L;

    /** Where a practice's limits come from (the tenants table). */
    @FunctionalInterface
    interface Limits {
        PracticeLimits of(Tenant tenant) throws SQLException;
    }

    private final Limits limits;
    private final LongSupplier nanos;
    private final Map<Tenant, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        PracticeLimits limits;
        long readAt;
        double tokens;
        long at;
    }

    PracticeThrottle(Limits limits, LongSupplier nanos) {
        this.limits = limits;
        this.nanos = nanos;
    }

    /** Takes one decision of {@code tenant}'s; {@link PracticeLimitReached} (one line naming the limit) when it has none left. */
    void admit(Tenant tenant) throws SQLException {
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(tenant, t -> new Bucket());
        PracticeLimits current = limitsOf(tenant, b, now);
        if (!current.limitsTaps()) return;
        double rate = current.tapsPerSecond(), burst = Math.max(1, 2 * rate);
        long wait;
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + Math.max(0, now - b.at) / 1e9 * rate);
            b.at = Math.max(b.at, now);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return;
            }
            wait = Math.max(1, (long) Math.ceil((1 - b.tokens) / rate));
        }
        throw new PracticeLimitReached("practice " + tenant + " is at its limit of " + format(rate) + " taps a second on this broker; "
                + "wait " + wait + " s and tap again (an administrator sets the practice's limits)", wait);
    }

    private PracticeLimits limitsOf(Tenant tenant, Bucket b, long now) throws SQLException {
        synchronized (b) {
            if (b.limits != null && now - b.readAt < LIMITS_NANOS) return b.limits;
        }
        PracticeLimits read = limits.of(tenant);   // outside the lock: a slow store holds no other request of the practice
        synchronized (b) {
            if (b.limits == null) {
                b.tokens = Math.max(1, 2 * read.tapsPerSecond());   // a new bucket starts full
                b.at = now;
            }
            b.limits = read;
            b.readAt = now;
            return read;
        }
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
