package org.rounds.broker.http;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.rounds.broker.store.PracticeLimits;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.takeover.PracticeLimitReached;

/**
 * Each practice's decisions a second on this broker ({@link PracticeLimits#tapsPerSecond}), as a
 * token bucket per practice (burst: two seconds' worth), so that a practice whose endpoints flood
 * is answered 429 before its requests take decision slots or database connections that other
 * practices' taps need. Every practice's limits are read from the store in one statement at
 * most every {@link #LIMITS_NANOS}: a change holds on every broker within that. Per broker: with N brokers a practice may reach N times its
 * rate, as the load balancer spreads it.
 *
 * <p>A rate alone does not bound what a practice holds: its taps on one user wait on that user's
 * lock while the user's old endpoint is told to blank (up to half a second), so a practice tapping
 * its few users within its rate held every decision slot and the other practices' taps were shed
 * (measured by {@code rounds bench broker --tenants}); since such waits give the slot back, they
 * would take all the decisions a broker lets wait on the network instead. So a practice held to a
 * rate has {@link #share} of the broker's decisions of its own, held until each is answered, and
 * takes more only while the queue has room for more than that many others ({@link
 * DecisionQueue#free}: no room idles while a practice waits, and the last is always the others');
 * else its next decision waits for one of its own, as long as a decision may wait for a slot, then
 * is answered 429. The default practice (the
 * hospital itself) and a practice without a rate limit are held to neither.
 */
final class PracticeThrottle {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PracticeThrottle.class);
    static final long LIMITS_NANOS = 5_000_000_000L;

    /** A decision admitted; closing it gives back its practice's share. */
    interface Admitted extends AutoCloseable {
        @Override void close();
    }

    private static final Admitted UNHELD = () -> {};

    /** Where every practice's limits come from (the tenants table), in one read. */
    @FunctionalInterface
    interface Limits {
        Map<Tenant, PracticeLimits> all() throws SQLException;
    }

    private final Limits limits;
    private final LongSupplier nanos;
    private final Map<Tenant, Bucket> buckets = new ConcurrentHashMap<>();
    private final int share;

    /** The last read of every practice's limits, and when; null before the first. */
    private volatile Map<Tenant, PracticeLimits> read;
    private volatile long readAt;
    private final java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean();

    private static final class Bucket {
        boolean started;
        double tokens;
        long at;
        final Semaphore held;

        Bucket(int share) {
            held = new Semaphore(share, true);
        }
    }

    /** {@code slots}: the broker's decision slots, of which a limited practice holds at most a quarter. */
    PracticeThrottle(Limits limits, LongSupplier nanos, int slots) {
        this.limits = limits;
        this.nanos = nanos;
        this.share = Math.max(1, slots / 4);
    }

    /** The same limits' reader for a broker with {@code slots} decision slots (set before it serves). */
    PracticeThrottle withSlots(int slots) {
        return new PracticeThrottle(limits, nanos, slots);
    }

    /** A limited practice's most decisions at once on this broker. */
    int share() {
        return share;
    }

    /**
     * Takes one decision of {@code tenant}'s, and one of its share, or beyond it while {@code
     * freeSlots} (the queue's room now, {@link DecisionQueue#free}) leaves more than a share to the others; {@link
     * PracticeLimitReached} (one line naming the limit) when it has no decision left this second,
     * or when its share stays taken for as long as a decision may wait for a slot.
     */
    Admitted admit(Tenant tenant, IntSupplier freeSlots) throws SQLException, InterruptedException {
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(tenant, t -> new Bucket(share));
        PracticeLimits current = limitsOf(tenant, now);
        if (!current.limitsTaps()) return UNHELD;
        take(tenant, b, current, now);
        if (b.held.tryAcquire()) return b.held::release;
        if (freeSlots.getAsInt() > share) return UNHELD;   // beyond its share, from slots nobody else needs now
        if (!b.held.tryAcquire(DecisionQueue.TARGET_NANOS, TimeUnit.NANOSECONDS))
            throw new PracticeLimitReached("practice " + tenant + " has " + share + " decisions in progress on this broker, its share of "
                    + "them; tap again in 1 s (an administrator sets the practice's limits)", 1);
        return b.held::release;
    }

    private void take(Tenant tenant, Bucket b, PracticeLimits current, long now) {
        double rate = current.tapsPerSecond(), burst = Math.max(1, 2 * rate);
        long wait;
        synchronized (b) {
            if (!b.started) {   // a new bucket starts full
                b.started = true;
                b.tokens = burst;
                b.at = now;
            }
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

    /**
     * {@code tenant}'s limits from the last read of all of them. One caller at a time reads them
     * all again once that is {@link #LIMITS_NANOS} old, the others answered from it meanwhile (with
     * 200 practices, a read per practice every 5 s was a statement in most taps); a read that
     * fails keeps the last limits until the next. A practice the read has not seen yet (added
     * since) has the defaults, as one whose limits were never set.
     */
    private PracticeLimits limitsOf(Tenant tenant, long now) throws SQLException {
        Map<Tenant, PracticeLimits> all = read;
        if (all == null) {
            synchronized (this) {   // the first read: everyone waits for it, there are no limits to answer from yet
                if (read == null) {
                    read = limits.all();
                    readAt = now;
                }
                all = read;
            }
        } else if (now - readAt >= LIMITS_NANOS && reading.compareAndSet(false, true)) {
            try {
                all = limits.all();
                read = all;
            } catch (SQLException e) {
                log.warn("practices' limits could not be read again ({}); the last ones hold until the next try", e.getMessage());
            } finally {
                readAt = now;
                reading.set(false);
            }
        }
        PracticeLimits l = all.get(tenant);
        return l != null ? l : PracticeLimits.unset(tenant);
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
