package org.rounds.broker.http;

import org.rounds.broker.api.TapDecision;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.takeover.DecisionPhases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs decisions slower than the taps' p99 goal with where their time went, as PostgreSQL's
 * {@code log_min_duration_statement} does for statements: one line each naming the route, the
 * practice, the decision and its phases ({@link DecisionPhases}), never the badge or the source. At
 * most {@link #LINES_PER_SECOND} lines a second, so that an overloaded broker does not also drown
 * its log; the lines left out are counted in the next. Thread-safe.
 */
final class SlowDecisions {
    private static final Logger log = LoggerFactory.getLogger(SlowDecisions.class);
    /** The p99 goal for a tap: a decision slower than this is one a clinician may notice. */
    static final long SLOW_NANOS = 100_000_000L;
    static final int LINES_PER_SECOND = 20;

    private long second = Long.MIN_VALUE;
    private int lines, left;

    /** Notes a decision of {@code route} by practice {@code tenant} that took {@code nanos}. */
    void note(String route, Tenant tenant, TapDecision d, long nanos, DecisionPhases.Record phases) {
        if (nanos < SLOW_NANOS) return;
        int leftOut;
        synchronized (this) {
            long now = System.nanoTime() / 1_000_000_000L;
            if (now != second) {
                second = now;
                lines = 0;
            }
            if (++lines > LINES_PER_SECOND) {
                left++;
                return;
            }
            leftOut = left;
            left = 0;
        }
        log.info("slow {}: {} ms ({}) for practice {}, answered {}{}", route, nanos / 1_000_000, phases.summary(), tenant.name(),
                d.getClass().getSimpleName(), leftOut == 0 ? "" : "; " + leftOut + " slow decision(s) not logged before it");
    }
}
