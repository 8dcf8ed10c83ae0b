package org.rounds.broker.takeover;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import org.rounds.broker.audit.Audit;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Drops;
import org.rounds.broker.store.Sessions;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.IdleLockReport;
import org.rounds.broker.api.LogoffRequest;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps a session once a tap gave it: the reconnect token that lets the endpoint get a
 * dropped session back without a new tap, logoff with that token, and the session-moved an
 * endpoint missed while its push channel was down, and the idle lock an endpoint reports.
 * Shares {@link TapService}'s per-user locks, so a reconnect never interleaves with a takeover
 * of the same user.
 *
 * <p>A reconnect token is good while its endpoint owns the session at its generation, and only
 * for {@link #RECONNECT_WINDOW} after the desktop connection dropped: the drop time is the
 * desktop pool's (since when nobody watched) where it can tell, else the broker's first sight of
 * a drop at that generation (the endpoint's first reconnect attempt), which then bounds every
 * later reconnect of that generation too. Every refusal is a {@code Denied}, which an endpoint
 * answers by locking.
 */
public final class SessionReliability {
    private static final Logger log = LoggerFactory.getLogger(SessionReliability.class);

    private final Database db;
    private final BadgeKey badges;
    private final SessionDesktops desktops;
    private final Clock clock;
    private final UserLocks userLocks;
    private final Duration reconnectWindow;

    /** How long after a drop a reconnect token still gets the session back (Citrix keeps a dropped session 180 s). */
    public static final Duration RECONNECT_WINDOW = Duration.ofSeconds(180);

    /** What an idle-lock report did. */
    public enum IdleLock {
        /** The endpoint's ownership ended here: token revoked, viewer cut, audited. */
        LOCKED,
        /** A retry of a report already carried out (on this broker or another): nothing more to do. */
        ALREADY_LOCKED,
        /** The endpoint does not own that session (or the token is not its): nothing changed. */
        NOT_OWNER
    }

    SessionReliability(Database db, BadgeKey badges, SessionDesktops desktops, Clock clock, UserLocks userLocks,
                       Duration reconnectWindow) {
        if (reconnectWindow.isNegative() || reconnectWindow.isZero()) throw new IllegalArgumentException("the reconnect window must be positive");
        this.reconnectWindow = reconnectWindow;
        this.db = db;
        this.badges = badges;
        this.desktops = desktops;
        this.clock = clock;
        this.userLocks = userLocks;
    }

    /**
     * Gives a dropped session back to the endpoint that owns it: while the session is still the
     * endpoint's at that generation, a fresh desktop credential (the desktop host revokes the
     * old one and closes any viewer left); otherwise a Lock saying where it went.
     */
    public TapDecision reconnect(ReconnectRequest r) throws SQLException {
        return reconnect(Tenant.DEFAULT, r);
    }

    /** {@link #reconnect(ReconnectRequest)} by an endpoint of practice {@code tenant}: that practice's session of the user. */
    public TapDecision reconnect(Tenant tenant, ReconnectRequest r) throws SQLException {
        if (!tokenMatches(tenant, r.userId(), r.endpointId(), r.generation(), r.reconnectToken())) {
            return new TapDecision.Denied("reconnect token does not match this endpoint's session");
        }
        try (UserLocks.Held held = userLocks.take(lockKey(tenant, r.userId()))) {
            Instant now = clock.instant();
            // One transaction with the session row locked, like a tap: a takeover through another broker waits for it.
            return Tx.run(db, tenant, c -> {
                Sessions.Row s = Sessions.lock(c, r.userId(), now);
                boolean ours = s.generation() == r.generation() && s.owner().filter(r.endpointId()::equals).isPresent();
                if (!ours) {
                    Audit.append(c, now, "reconnect-refused", r.userId(), r.endpointId(), "generation " + r.generation()
                            + ", now " + s.owner().orElse("nobody") + " at generation " + s.generation());
                    return s.owner().<TapDecision>map(o -> new TapDecision.Lock(r.userId(), o))
                            .orElseGet(() -> new TapDecision.Denied("the session is no longer open on " + r.endpointId()
                                    + "; tap your badge to open it again"));
                }
                Optional<Instant> dropped = droppedAt(c, s, now);
                if (dropped.isPresent() && now.isAfter(dropped.get().plus(reconnectWindow))) return expired(c, s, r, dropped.get(), now);
                Audit.append(c, now, "reconnect", r.userId(), r.endpointId(), "generation " + r.generation());
                String name = Directory.user(c, r.userId()).orElseThrow().displayName();
                DesktopAddress address;
                try {
                    address = desktops.handOver(DesktopStore.within(c), s, name, r.endpointId(), SessionDesktops.Placement.SAME_DESKTOP);
                } catch (SessionDesktops.DesktopUnavailable e) {
                    Audit.append(c, now, "reconnect-refused", r.userId(), r.endpointId(), e.getMessage());
                    return new TapDecision.Denied(e.getMessage());
                }
                log.info("user {} reconnected on {} (generation {})", r.userId(), r.endpointId(), r.generation());
                return new TapDecision.Connect(r.userId(), name, address, r.generation(), r.reconnectToken());
            });
        }
    }

    /**
     * When the session's desktop connection dropped: the pool's word where it has one, else the
     * drop the broker recorded at this generation, else now (recorded: this attempt is the first
     * the broker hears of it).
     */
    private Optional<Instant> droppedAt(java.sql.Connection c, Sessions.Row s, Instant now) throws SQLException {
        Optional<Instant> vacant = desktops.vacantSince(s);
        if (vacant.isPresent()) return vacant;
        Optional<Instant> recorded = Drops.since(c, s.userId(), s.generation());
        if (recorded.isPresent()) return recorded;
        Drops.mark(c, s.userId(), s.generation(), now);
        return Optional.of(now);
    }

    /**
     * The reconnect window is over: the token is refused for good and the endpoint's ownership
     * ends (the user's next tap there opens the session again, it is no tap-out).
     */
    private TapDecision expired(java.sql.Connection c, Sessions.Row s, ReconnectRequest r, Instant dropped, Instant now)
            throws SQLException {
        Sessions.advance(c, r.userId(), s.generation(), s.generation() + 1, null, "disconnected", now);
        long after = Duration.between(dropped, now).toSeconds();
        Audit.append(c, now, "reconnect-expired", r.userId(), r.endpointId(), "generation " + r.generation() + ", "
                + after + " s after the drop (window " + reconnectWindow.toSeconds() + " s)");
        log.info("user {}: reconnect on {} refused, {} s after the drop", r.userId(), r.endpointId(), after);
        return new TapDecision.Denied("the session dropped more than " + reconnectWindow.toSeconds()
                + " s ago and is closed on this endpoint; tap your badge to open it again");
    }

    /**
     * An endpoint locked the session it showed for idleness. While it still owns that generation,
     * in one transaction: the session moves to the next generation with no owner (which revokes
     * the reconnect token: it names the old generation, and the user's next tap on that endpoint
     * connects instead of tapping out), the desktop's viewer is cut, and an {@code idle-lock}
     * audit row is written. A retry of a report already carried out answers
     * {@link IdleLock#ALREADY_LOCKED}; any other endpoint or token {@link IdleLock#NOT_OWNER}.
     */
    public IdleLock idleLock(IdleLockReport r) throws SQLException {
        return idleLock(Tenant.DEFAULT, r);
    }

    /** {@link #idleLock(IdleLockReport)} by an endpoint of practice {@code tenant}. */
    public IdleLock idleLock(Tenant tenant, IdleLockReport r) throws SQLException {
        if (!tokenMatches(tenant, r.userId(), r.endpointId(), r.generation(), r.reconnectToken())) return IdleLock.NOT_OWNER;
        String lockedAt;
        try {
            lockedAt = Instant.parse(r.lockedAt()).toString();
        } catch (DateTimeParseException e) {
            lockedAt = "an unreadable time";
        }
        String endpointTime = lockedAt;
        try (UserLocks.Held held = userLocks.take(lockKey(tenant, r.userId()))) {
            IdleLock outcome = Tx.run(db, tenant, c -> {
                Instant now = clock.instant();
                Sessions.Row s = Sessions.lock(c, r.userId(), now);
                boolean ours = s.generation() == r.generation() && s.owner().filter(r.endpointId()::equals).isPresent();
                if (!ours) {
                    boolean done = s.generation() == r.generation() + 1 && s.owner().isEmpty() && IDLE_LOCKED.equals(s.state());
                    return done ? IdleLock.ALREADY_LOCKED : IdleLock.NOT_OWNER;
                }
                Sessions.advance(c, r.userId(), s.generation(), s.generation() + 1, null, IDLE_LOCKED, now);
                Audit.append(c, now, "idle-lock", r.userId(), r.endpointId(), "locked idle at " + endpointTime
                        + " (endpoint's clock); reconnect token of generation " + r.generation() + " revoked");
                desktops.disconnect(DesktopStore.within(c), s);
                return IdleLock.LOCKED;
            });
            if (outcome == IdleLock.LOCKED) log.info("user {}: idle lock on {} (generation {}); viewer cut", r.userId(), r.endpointId(), r.generation());
            return outcome;
        }
    }

    /** The session state after an idle lock: nobody shows it, the desktop runs on. */
    static final String IDLE_LOCKED = "idle-locked";

    /**
     * Ends the user's desktop for good (a profile whose same-user tap means log off): while the
     * endpoint still owns that generation the session is closed at the next generation and the
     * desktop host ends the desktop. Idempotent; a session that moved on is left alone.
     */
    public TapDecision logoff(LogoffRequest r) throws SQLException {
        return logoff(Tenant.DEFAULT, r);
    }

    /** {@link #logoff(LogoffRequest)} by an endpoint of practice {@code tenant}. */
    public TapDecision logoff(Tenant tenant, LogoffRequest r) throws SQLException {
        if (!tokenMatches(tenant, r.userId(), r.endpointId(), r.generation(), r.reconnectToken())) {
            return new TapDecision.Denied("logoff token does not match this endpoint's session");
        }
        try (UserLocks.Held held = userLocks.take(lockKey(tenant, r.userId()))) {
            boolean ended = Tx.run(db, tenant, c -> {
                Instant now = clock.instant();
                Sessions.Row s = Sessions.lock(c, r.userId(), now);
                // ours: still owned at that generation, or tapped out from here just before (the same-user tap)
                boolean ours = (s.generation() == r.generation() && s.owner().filter(r.endpointId()::equals).isPresent())
                        || (s.generation() == r.generation() + 1 && s.owner().isEmpty());
                if (!ours) return false;
                Sessions.advance(c, r.userId(), s.generation(), s.generation() + 1, null, "logged-off", now);
                Audit.append(c, now, "logoff", r.userId(), r.endpointId(), "desktop ended at generation " + (s.generation() + 1));
                desktops.logoff(c, s);
                return true;
            });
            if (ended) log.info("user {} logged off on {}", r.userId(), r.endpointId());
            return new TapDecision.Lock(r.userId(), ended ? "logged off" : "the session had moved on");
        }
    }

    /** A session an admin ended: the endpoint that showed it, if any, the broker holding its push channel, the new generation. */
    public record Ended(Optional<String> owner, Optional<String> pushBroker, long generation) {}

    /**
     * Ends the user's desktop at an admin's request (a help desk closing a stuck session): the
     * session moves to the next generation with no owner, so the endpoint that showed it can no
     * longer reconnect, and the desktop host ends the desktop. Audited with {@code actor}. Empty
     * when the user had no session to end. The caller tells the endpoint ({@link TapService#endByAdmin}).
     */
    Optional<Ended> endByAdmin(String userId, String actor) throws SQLException {
        return endByAdmin(Tenant.DEFAULT, userId, actor);
    }

    /** As {@link #endByAdmin(String, String)}, practice {@code tenant}'s user: another practice's session of that user id is not found. */
    Optional<Ended> endByAdmin(Tenant tenant, String userId, String actor) throws SQLException {
        try (UserLocks.Held held = userLocks.take(lockKey(tenant, userId))) {
            Optional<Ended> ended = Tx.run(db, tenant, c -> {
                Instant now = clock.instant();
                if (Sessions.find(c, userId).isEmpty()) return Optional.<Ended>empty();
                Sessions.Row s = Sessions.lock(c, userId, now);
                if ("none".equals(s.state()) || "logged-off".equals(s.state())) return Optional.<Ended>empty();   // no desktop running
                Sessions.advance(c, userId, s.generation(), s.generation() + 1, null, "logged-off", now);
                org.rounds.broker.audit.Audit.appendBy(c, now, actor, "admin-ended-session", userId, s.owner().orElse(null),
                        "desktop ended at generation " + (s.generation() + 1));
                desktops.logoff(c, s);
                Optional<String> broker = s.owner().isEmpty() ? Optional.empty()
                        : org.rounds.broker.store.PushChannels.brokerOf(c, s.owner().get());
                return Optional.of(new Ended(s.owner(), broker, s.generation() + 1));
            });
            if (ended.isPresent()) log.info("user {}'s session ended by admin {}", userId, actor);
            return ended;
        }
    }

    /** {@link #missedMove(String, String, long, String)} for an endpoint of practice {@code tenant}. */
    public Optional<PushEvent> missedMove(Tenant tenant, String endpointId, String userId, long generation, String token) throws SQLException {
        if (!tokenMatches(tenant, userId, endpointId, generation, token)) {
            // only the endpoint that was given that generation may learn where the session went
            log.warn("push channel of {} asked where user {} went without that session's token; told nothing", endpointId, userId);
            return Optional.empty();
        }
        Optional<Sessions.Row> s = Tx.run(db, tenant, c -> Sessions.find(c, userId));
        if (s.isEmpty() || s.get().generation() <= generation) return Optional.empty();   // every change moves the generation on
        log.info("push channel of {} reopened showing {} at generation {}; the session is at {}: sending session-moved",
                endpointId, userId, generation, s.get().generation());
        return Optional.of(new PushEvent.SessionMoved(UUID.randomUUID().toString(), userId, s.get().owner().orElse(""),
                s.get().generation()));
    }

    /**
     * Binds a session's generation to the endpoint of practice {@code tenant} it was given to; any
     * broker on the database can check it. The practice is in the message (the default practice's
     * message is as before practices existed), so one practice's token never opens another's session.
     */
    String token(Tenant tenant, String userId, String endpointId, long generation) {
        return badges.reconnectToken("reconnect\n" + (tenant.isDefault() ? "" : "practice " + tenant.name() + "\n")
                + userId + "\n" + endpointId + "\n" + generation);
    }

    private boolean tokenMatches(Tenant tenant, String userId, String endpointId, long generation, String presented) {
        return MessageDigest.isEqual(token(tenant, userId, endpointId, generation).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** The key of a user's lock in this broker: a practice's user, so two practices' users of one id never wait on each other. */
    static String lockKey(Tenant tenant, String userId) {
        return tenant.isDefault() ? userId : tenant.name() + "/" + userId;
    }

}
