package org.rounds.broker.takeover;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Sessions;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims taps make on sessions between their two transactions ({@link Sessions.Claim}):
 * whose they are, when one is abandoned, and waiting for one under way. A claim is abandoned
 * when its term ran out, when its broker is gone ({@link Cluster#alive}), or when it is this
 * broker's and no thread here is carrying it out (a broker restarted, or a tap cut short by an
 * error). A later tap of the user waits for a live claim, with no connection and no database turn
 * held, so that desktop hand-overs of one user never overlap and follow generation order.
 */
final class TapClaims {
    private static final Logger log = LoggerFactory.getLogger(TapClaims.class);
    /**
     * How long a claim keeps others out: longer than the slowest hand-over (a push's 500 ms, then
     * a desktop host's admit of up to 5 s, tried twice, and a second's wait for a host moving to
     * another broker), so a live broker is never overtaken; a dead one is found out sooner by its
     * lease.
     */
    static final Duration TERM = Duration.ofSeconds(15);
    /** How long a tap waits for another tap of its user, or for its own id decided elsewhere, before it asks for a retry. */
    static final Duration PENDING_WAIT = Duration.ofSeconds(5);

    private final Database db;
    private final Cluster cluster;
    private final Clock clock;
    /** The taps (by {@link #key}) threads of this broker are deciding or handing over now. */
    private final Set<String> handing = ConcurrentHashMap.newKeySet();
    /** Brokers found gone while a tap waited for their claim: a broker id is one process's, so they stay gone. */
    private final Set<String> gone = ConcurrentHashMap.newKeySet();

    TapClaims(Database db, Cluster cluster, Clock clock) {
        this.db = db;
        this.cluster = cluster;
        this.clock = clock;
    }

    /** Another tap's live claim on the session: the transaction rolls back, and the tap waits for it ({@link #awaitChange}). */
    static final class Busy extends RuntimeException {
        final String userId;
        final Sessions.Claim claim;

        Busy(String userId, Sessions.Claim claim) {
            super("the session of " + userId + " is being handed over by tap " + claim.tapId(), null, false, false);
            this.userId = userId;
            this.claim = claim;
        }
    }

    /** Marks tap {@code tapId} as carried out here until closed (unless another thread here marked it first: it is its). */
    UserLocks.Held carrying(Tenant tenant, String tapId) {
        String key = key(tenant, tapId);
        boolean added = handing.add(key);
        return () -> {
            if (added) handing.remove(key);
        };
    }

    /** Marks tap {@code tapId} as carried out here; false when a thread here already does. */
    boolean startCarrying(Tenant tenant, String tapId) {
        return handing.add(key(tenant, tapId));
    }

    void stopCarrying(Tenant tenant, String tapId) {
        handing.remove(key(tenant, tapId));
    }

    /** A claim by this broker for tap {@code tapId}, from {@code from}, for {@link #TERM}. */
    Sessions.Claim claim(String tapId, Optional<String> from, Instant now) {
        return new Sessions.Claim(tapId, from, cluster.brokerId(), now.plus(TERM));
    }

    /**
     * The user's session row, locked, as a new claim sees it: an abandoned claim's endpoint never
     * showed the desktop, so the endpoint before it is the one to tell.
     *
     * @throws Busy when another tap's claim is live
     */
    Sessions.Row lockUnclaimed(Connection c, String userId, Instant now) throws SQLException {
        Sessions.Row s = Sessions.lock(c, userId, now);
        if (s.claim().isEmpty()) return s;
        Sessions.Claim claim = s.claim().get();
        if (!abandoned(Tx.tenant(c), claim, now)) throw new Busy(userId, claim);
        log.info("claim of tap {} on the session of {} was abandoned by broker {}; a new tap takes the session over",
                claim.tapId(), userId, claim.by());
        return new Sessions.Row(userId, claim.from(), s.generation(), s.state(), s.desktopBroker(), s.desktopHost(), s.tenant());
    }

    /**
     * Whether {@code claim} is abandoned, from what this broker knows without asking: it lapsed,
     * its broker is one found {@link #gone}, or it is this broker's and nobody here carries it
     * out. Cheap, so it may run with the session row locked.
     */
    boolean abandoned(Tenant tenant, Sessions.Claim claim, Instant now) {
        if (!now.isBefore(claim.until()) || gone.contains(claim.by())) return true;
        if (!cluster.isOther(claim.by())) return !handing.contains(key(tenant, claim.tapId()));
        return false;
    }

    /**
     * Asks whether another broker's claim is abandoned because that broker is gone (its lease
     * expired, or its port refuses connections): a query, so outside any transaction and seldom.
     */
    boolean ownerGone(Sessions.Claim claim) {
        if (gone.contains(claim.by())) return true;
        if (!cluster.isOther(claim.by()) || cluster.alive(claim.by())) return false;
        log.info("broker {} is gone: its claims are abandoned", claim.by());
        gone.add(claim.by());
        return true;
    }

    /**
     * Waits, holding nothing, until {@code busy} is over (finished, abandoned, or replaced), or
     * until {@code endNanos}: false then.
     */
    boolean awaitChange(Tenant tenant, Busy busy, long endNanos) throws SQLException {
        for (int round = 0; System.nanoTime() < endNanos; round++) {
            pause(round);
            Optional<Sessions.Claim> now = Tx.run(db, tenant, c -> Sessions.find(c, busy.userId).flatMap(Sessions.Row::claim));
            if (now.isEmpty() || !now.get().equals(busy.claim) || abandoned(tenant, now.get(), clock.instant())) return true;
            if (round % 10 == 9 && ownerGone(now.get())) return true;   // about every half second
        }
        return false;
    }

    /** Lets others take the tap's claim over at once: this broker gave up on it (an error mid-hand-over). */
    void release(Tenant tenant, String userId, String tapId) {
        try {
            // lapsed a second ago: the store keeps times to the microsecond, and may round this one up
            Tx.run(db, tenant, c -> Sessions.releaseClaim(c, userId, tapId, clock.instant().minusSeconds(1)));
        } catch (SQLException | RuntimeException e) {
            log.warn("claim of tap {} on the session of {} not released ({}); it lapses within {} s", tapId, userId,
                    e.getMessage(), TERM.toSeconds());
        }
    }

    /** 10, 20, 40, then every 50 ms: a short wait is found out soon, a long one costs few reads. */
    static void pause(int round) {
        long ms = Math.min(50, 10L << Math.min(round, 3));
        DatabaseTurns.whileWaiting(DecisionPhases.Phase.CLAIM_WAIT, () -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static String key(Tenant tenant, String tapId) {
        return tenant.name() + "/" + tapId;
    }
}
