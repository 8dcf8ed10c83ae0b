package org.rounds.broker.takeover;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.audit.Audit;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Sessions;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 2 and 3 of a claimed tap ({@link TapService}): the old endpoint told and the desktop
 * handed over with no database connection and no database turn held, then the claim ended and
 * the answer recorded in one short transaction. And the retry of a tap id still claimed: waited
 * for while its claim is live, resumed here at step 2 when it was abandoned.
 */
final class TapHandOver {
    private static final Logger log = LoggerFactory.getLogger(TapHandOver.class);

    private final Database db;
    private final SessionDesktops desktops;
    private final PushSender push;
    private final Cluster cluster;
    private final Clock clock;
    private final TapRecords records;
    private final SessionReliability sessions;
    private final TapClaims claims;

    TapHandOver(Database db, SessionDesktops desktops, PushSender push, Cluster cluster, Clock clock, TapRecords records,
                SessionReliability sessions, TapClaims claims) {
        this.db = db;
        this.desktops = desktops;
        this.push = push;
        this.cluster = cluster;
        this.clock = clock;
        this.records = records;
        this.sessions = sessions;
        this.claims = claims;
    }

    /** Steps 2 and 3; on any failure the claim is released, so the endpoint's retry resumes at once, here or elsewhere. */
    TapDecision carryOut(Tenant tenant, String endpointId, String tapId, TapPlan.Claimed p) throws SQLException {
        try {
            return handOver(tenant, endpointId, tapId, p);
        } catch (SQLException | RuntimeException | Error e) {
            claims.release(tenant, p.user().id(), tapId);
            throw e;
        }
    }

    /** The broker holding the push channel of the endpoint that showed session {@code s}, if known. */
    static Optional<String> pushBroker(Connection c, Sessions.Row s) throws SQLException {
        return s.owner().isEmpty() ? Optional.empty() : org.rounds.broker.store.PushChannels.brokerOf(c, s.owner().get());
    }

    /**
     * The decision recorded for a tap id seen before; empty for a new one. A tap still claimed
     * (its broker is handing the desktop over, or died doing so) is waited for, or taken over
     * and resumed at its hand-over when abandoned.
     */
    Optional<TapDecision> replayOrResume(Tenant tenant, String tapId) throws SQLException {
        return replayOrResume(tenant, tapId, Tx.run(db, tenant, c -> Sessions.tap(c, tapId)));
    }

    /** {@link #replayOrResume(Tenant, String)} of a tap whose row the caller has just read ({@code tap}). */
    Optional<TapDecision> replayOrResume(Tenant tenant, String tapId, Optional<Sessions.Tap> tap) throws SQLException {
        if (tap.isEmpty()) return Optional.empty();
        if (tap.get().decision().isPresent()) return Optional.of(records.read(tap.get().decision().get()));
        String endpointId = tap.get().endpointId();
        long end = CallerDeadline.bound(System.nanoTime() + TapClaims.PENDING_WAIT.toNanos());
        for (int round = 0; System.nanoTime() < end; round++) {
            Resumable r = Tx.run(db, tenant, c -> resumable(c, endpointId, tapId));
            if (r.decision() != null) return Optional.of(r.decision());
            if (r.plan() != null) {
                log.info("tap {} of {} resumes its hand-over at generation {} here (its broker gave it up)", tapId,
                        r.plan().user().id(), r.plan().generation());
                try {
                    return Optional.of(carryOut(tenant, endpointId, tapId, r.plan()));
                } finally {
                    claims.stopCarrying(tenant, tapId);
                }
            }
            if (round % 10 == 9 && r.claim() != null && claims.ownerGone(r.claim())) continue;   // abandoned: take it over now
            TapClaims.pause(round);
        }
        throw new SQLException("tap " + tapId + " is still being decided; retry it", "55000");
    }

    /** A pending tap: its decision, or its claim taken over here ({@code plan}), or neither (wait: {@code claim} is live). */
    private record Resumable(TapDecision decision, TapPlan.Claimed plan, Sessions.Claim claim) {
        Resumable(TapDecision decision, TapPlan.Claimed plan) {
            this(decision, plan, null);
        }
    }

    private Resumable resumable(Connection c, String endpointId, String tapId) throws SQLException {
        Optional<String> decided = Sessions.tap(c, tapId).flatMap(Sessions.Tap::decision);
        if (decided.isPresent()) return new Resumable(records.read(decided.get()), null);
        Optional<Sessions.Row> claimed = Sessions.claimedBy(c, tapId);
        Instant now = clock.instant();
        if (claimed.isEmpty()) {
            // its broker answered between the two reads (the claim ends in the answer's transaction)
            decided = Sessions.tap(c, tapId).flatMap(Sessions.Tap::decision);
            if (decided.isPresent()) return new Resumable(records.read(decided.get()), null);
            // another tap took the session over after this one's claim lapsed: it moved on
            TapDecision d = new TapDecision.Denied("the session moved to another endpoint before this tap was answered; tap again");
            Audit.append(c, now, "handover-overtaken", null, endpointId, "tap " + tapId);
            Sessions.decideTapOnce(c, tapId, records.write(d), now);
            return new Resumable(d, null);
        }
        Sessions.Row s = claimed.get();
        Sessions.Claim claim = s.claim().orElseThrow();
        Tenant tenant = Tx.tenant(c);
        if (!claims.abandoned(tenant, claim, now) || !claims.startCarrying(tenant, tapId)) return new Resumable(null, null, claim);
        boolean retaken = false;
        try {
            retaken = Sessions.retakeClaim(c, s.userId(), claim, cluster.brokerId(), now.plus(TapClaims.TERM));
        } finally {
            if (!retaken) claims.stopCarrying(tenant, tapId);   // another broker took it first
        }
        if (!retaken) return new Resumable(null, null);
        Directory.User user = Directory.user(c, s.userId()).orElseThrow();
        Sessions.Row previous = s.beforeClaim();
        return new Resumable(null, new TapPlan.Claimed(user, previous, pushBroker(c, previous), s.generation()));
    }

    /** Steps 2 and 3 of a claimed tap: no connection held while the old endpoint blanks and the desktop is handed over. */
    private TapDecision handOver(Tenant tenant, String endpointId, String tapId, TapPlan.Claimed p) throws SQLException {
        DesktopStore.Between store = DesktopStore.between(db, tenant);
        Handed handed = DatabaseTurns.whileWaiting(null, () -> {
            // The old endpoint hears why first (so it locks with "moved", not "connection lost") and blanks;
            // then the desktop host closes its viewer whether or not it answered; only then may the new one paint.
            p.previous().owner().filter(o -> !o.equals(endpointId)).ifPresent(old -> {
                PushEvent moved = new PushEvent.SessionMoved(UUID.randomUUID().toString(), p.user().id(), endpointId, p.generation());
                long start = System.nanoTime();
                boolean blanked = pushTo(tenant, old, p.pushBroker(), moved);
                DecisionPhases.addSince(DecisionPhases.Phase.BLANK, start);
                log.info("session of user {} moved from {} to {} (generation {}); {} {}", p.user().id(), old, endpointId,
                        p.generation(), old, blanked ? "blanked" : "did not acknowledge in time; its viewer is closed");
            });
            long start = System.nanoTime();
            try {
                return new Handed(desktops.handOver(store, p.previous(), p.user().displayName(), endpointId,
                        SessionDesktops.Placement.MAY_PLACE), null);
            } catch (RuntimeException e) {
                return new Handed(null, e);
            } finally {
                DecisionPhases.addSince(DecisionPhases.Phase.DESKTOP, start);
            }
        });
        return Tx.run(db, tenant, c -> {
            store.writeIn(c);
            Instant now = clock.instant();
            TapDecision d;
            if (!Sessions.finishClaim(c, p.user().id(), tapId, now)) d = overtaken(c, endpointId, tapId, p);
            else if (handed.failure() != null) d = handOverFailed(c, endpointId, p, handed.failure());
            else d = new TapDecision.Connect(p.user().id(), p.user().displayName(), handed.address(), p.generation(),
                    sessions.token(tenant, p.user().id(), endpointId, p.generation()));
            if (Sessions.decideTapOnce(c, tapId, records.write(d), now)) return d;
            return records.read(Sessions.tap(c, tapId).flatMap(Sessions.Tap::decision).orElseThrow());   // answered elsewhere first
        });
    }

    /** What a hand-over came to: the new viewer's address, or why there is none. */
    private record Handed(DesktopAddress address, RuntimeException failure) {}

    /**
     * The claim ended before the answer (it lapsed, and a later tap, an admin or a lock moved the
     * session on): the endpoint is told where the session went, never given a desktop.
     */
    private TapDecision overtaken(Connection c, String endpointId, String tapId, TapPlan.Claimed p) throws SQLException {
        Optional<String> owner = Sessions.find(c, p.user().id()).flatMap(Sessions.Row::owner).filter(o -> !o.equals(endpointId));
        Audit.append(c, clock.instant(), "handover-overtaken", p.user().id(), endpointId, "tap " + tapId + " at generation "
                + p.generation() + "; the session moved on to " + owner.orElse("nobody"));
        log.warn("tap {} of {} on {}: the session moved on while its desktop was handed over", tapId, p.user().id(), endpointId);
        return owner.<TapDecision>map(o -> new TapDecision.Lock(p.user().id(), o)).orElseGet(() -> new TapDecision.Denied(
                "the session of " + p.user().id() + " moved on before this tap was answered; tap again"));
    }

    /** Pushes to the practice's endpoint's channel: here when this broker holds it, else through the broker that does. */
    boolean pushTo(Tenant tenant, String endpointId, Optional<String> broker, PushEvent event) {
        if (push.pushAndAwaitAck(tenant, endpointId, event, TapService.BLANK_WAIT)) return true;
        return broker.filter(cluster::isOther).map(b -> cluster.push(b, tenant, endpointId, event, TapService.BLANK_WAIT)).orElse(false);
    }

    /**
     * The desktop host could not hand the desktop over: without this the tap stayed pending for
     * ever (every retry waited 5 s and failed) and the session named an owner that shows nothing.
     * The tap is decided Denied, and the session is left unowned at this generation.
     */
    private TapDecision handOverFailed(Connection c, String endpointId, TapPlan.Claimed p, RuntimeException e)
            throws SQLException {
        log.warn("desktop of user {} could not be handed to {}: {}", p.user().id(), endpointId, e.getMessage());
        TapDecision d = new TapDecision.Denied(e instanceof SessionDesktops.DesktopUnavailable ? e.getMessage()
                : "the desktop of " + p.user().id() + " could not be started; tap again");
        Instant now = clock.instant();
        Sessions.advance(c, p.user().id(), p.generation(), p.generation(), null, "disconnected", now);
        Audit.append(c, now, "handover-failed", p.user().id(), endpointId, "at generation " + p.generation());
        return d;
    }
}
