package org.rounds.broker.http;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.audit.Audit;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision routes' limits, by source rather than by the endpoint id a caller writes: one
 * token bucket per source for taps (with reconnects, logoffs and kiosk sessions), one for PINs,
 * one for password logins, and a tighter one charged only by {@code unknown-badge} answers.
 * When that one is spent every tap from the source waits, known badge or not, so that which taps
 * pass tells a prober nothing. Unknown badges are counted per source and minute: one warning log
 * line and one audit row per source and minute, however long the flood.
 */
final class SourceGuard {
    private static final Logger log = LoggerFactory.getLogger(SourceGuard.class);
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final SourceBuckets taps;
    private final SourceBuckets pins;
    private final SourceBuckets logins;
    private final SourceBuckets unknownBadges;
    private final Map<String, Minute> minutes;   // unknown badges per source; guarded by itself
    private final int warnAt;
    private final BrokerMetrics metrics;
    private final Database db;
    private final Clock clock;

    /** A request refused: the limit its source met, and the whole seconds to wait (for Retry-After). */
    record Refusal(String limit, long retryAfterSeconds) {}

    /** One source's unknown badges in the minute from {@code start}. */
    private static final class Minute {
        final long start;
        int count;
        boolean audited;

        Minute(long start) {
            this.start = start;
        }
    }

    SourceGuard(SourceLimits limits, BrokerMetrics metrics, Database db, Clock clock) {
        this.taps = new SourceBuckets(limits.taps(), limits.maxSources());
        this.pins = new SourceBuckets(limits.pins(), limits.maxSources());
        this.logins = new SourceBuckets(limits.logins(), limits.maxSources());
        this.unknownBadges = new SourceBuckets(limits.unknownBadges(), limits.maxSources());
        this.minutes = SourceBuckets.lru(limits.maxSources());
        this.warnAt = limits.unknownBadgeWarning();
        this.metrics = metrics;
        this.db = db;
        this.clock = clock;
    }

    /** Before deciding: empty when {@code source} may go on, else why not and for how long. */
    Optional<Refusal> admit(String route, RequestSource source, String endpointId, long nanos) throws SQLException {
        if (route.equals("taps")) {
            long wait = unknownBadges.waitFor(source.key(), nanos);
            if (wait > 0) {
                unknownBadge(source, endpointId, nanos, true);
                return refuse(route, "unknown-badges", wait);
            }
        }
        String limit = limitOf(route);
        long wait = bucket(limit).take(source.key(), nanos);
        return wait == 0 ? Optional.empty() : refuse(route, limit, wait);
    }

    /** After deciding: an {@code unknown-badge} answer costs the source a token of its own. */
    void answered(RequestSource source, String endpointId, TapDecision decision, long nanos) throws SQLException {
        if (!(decision instanceof TapDecision.UnknownBadge)) return;
        metrics.unknownBadge();
        unknownBadges.take(source.key(), nanos);
        unknownBadge(source, endpointId, nanos, false);
    }

    private Optional<Refusal> refuse(String route, String limit, long seconds) {
        metrics.throttled(route, limit);
        return Optional.of(new Refusal(limit, seconds));
    }

    private static String limitOf(String route) {
        return switch (route) {
            case "pins" -> "pins";
            case "logins", "remote-sign-ins" -> "logins";
            default -> "taps";
        };
    }

    private SourceBuckets bucket(String limit) {
        return switch (limit) {
            case "pins" -> pins;
            case "logins" -> logins;
            default -> taps;
        };
    }

    /**
     * Counts an unknown badge (answered, or refused because the source had spent its share)
     * against the source's minute. The count passing the threshold logs one line; the first
     * refusal in a minute writes one audit row (the answered ones have their own, from the tap).
     */
    private void unknownBadge(RequestSource source, String endpointId, long nanos, boolean refused) throws SQLException {
        boolean warn;
        boolean audit;
        int count;
        synchronized (minutes) {
            Minute m = minutes.get(source.key());
            if (m == null || nanos - m.start >= MINUTE_NANOS) {
                m = new Minute(nanos);
                minutes.put(source.key(), m);
            }
            count = ++m.count;
            warn = count == warnAt;
            audit = refused && !m.audited;
            m.audited |= audit;
        }
        if (warn) {
            log.warn("source {} passed {} unknown badges within a minute (someone may be trying badge numbers); "
                    + "its taps wait while it goes on", source, warnAt);
        }
        if (audit) {
            Tx.run(db, source.tenant(), c -> {   // in the endpoint's practice's trail: another practice's admins never see it
                Audit.append(c, clock.instant(), "unknown-badges-throttled", null, endpointId,
                        "taps from " + source + " refused (429) after " + count + " unknown badges within a minute");
                return null;
            });
        }
    }
}
