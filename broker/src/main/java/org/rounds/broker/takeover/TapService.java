package org.rounds.broker.takeover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.broker.audit.Audit;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.desktops.DesktopPool;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Sessions;
import org.rounds.broker.store.Tx;
import org.rounds.roaming.api.DesktopAddress;
import org.rounds.roaming.api.KioskRequest;
import org.rounds.roaming.api.PushEvent;
import org.rounds.roaming.api.ReconnectRequest;
import org.rounds.roaming.api.TapDecision;
import org.rounds.roaming.api.TapRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides taps. The ownership change is one transaction (the session row locked, its
 * generation compared-and-set, the tap and the audit rows written together); then the old
 * endpoint is told {@code session-moved} and given a bounded time to blank, the desktop host
 * hands the desktop over (revoking the old credential and closing the old viewer), and only
 * then does the new endpoint get its credential. A retried tap id returns the decision already made.
 */
public final class TapService {
    private static final Logger log = LoggerFactory.getLogger(TapService.class);
    static final Duration BLANK_WAIT = Duration.ofMillis(500);
    private static final Duration PENDING_WAIT = Duration.ofSeconds(5);

    private final Database db;
    private final BadgeKey badges;
    private final DesktopPool desktops;
    private final PushSender push;
    private final Clock clock;
    private final ObjectMapper json;
    /** Serialises takeovers of one user in this broker, so desktop hand-overs happen in generation order. */
    private final ConcurrentHashMap<String, Object> userLocks = new ConcurrentHashMap<>();

    public TapService(Database db, BadgeKey badges, DesktopPool desktops, PushSender push, Clock clock, ObjectMapper json) {
        this.db = db;
        this.badges = badges;
        this.desktops = desktops;
        this.push = push;
        this.clock = clock;
        this.json = json;
    }

    /** What the transaction decided, before the side effects outside it. */
    private sealed interface Plan {
        record Done(TapDecision decision) implements Plan {}
        record Replay(String tapId) implements Plan {}
        record TapOut(String userId, TapDecision decision) implements Plan {}
        record Connect(Directory.User user, Optional<String> previousOwner, long generation) implements Plan {}
    }

    public TapDecision tap(TapRequest r) throws SQLException {
        Optional<TapDecision> replay = recorded(r.tapId());
        if (replay.isPresent()) return replay.get();
        String hmac = badges.hmac(r.credential());
        Optional<String> user = Tx.run(db, c -> Directory.userByBadge(c, hmac).map(Directory.User::id));
        return decideOnce(r.endpointId(), r.tapId(), user.orElse(""), c -> decide(c, r, hmac));
    }

    /**
     * Gives a kiosk its shared account's desktop, at start and after every drop: the account's
     * session moves to the kiosk at a new generation (closing any viewer left from before).
     * Denied when the endpoint is no kiosk or has no account assigned.
     */
    public TapDecision kiosk(KioskRequest r) throws SQLException {
        Optional<TapDecision> replay = recorded(r.tapId());
        if (replay.isPresent()) return replay.get();
        Optional<String> user = Tx.run(db, c -> Directory.kioskAccount(c, r.endpointId()).map(Directory.User::id));
        return decideOnce(r.endpointId(), r.tapId(), user.orElse(""), c -> decideKiosk(c, r));
    }

    /** Decides in one transaction under the user's lock (a racing retry of the same id replays), then acts. */
    private TapDecision decideOnce(String endpointId, String tapId, String userId, Tx.Work<Plan> decide) throws SQLException {
        Object lock = userLocks.computeIfAbsent(userId, u -> new Object());
        synchronized (lock) {
            Plan plan;
            try {
                plan = Tx.run(db, decide);
            } catch (SQLException e) {
                if (!Sessions.isDuplicate(e)) throw e;
                plan = new Plan.Replay(tapId);
            }
            return carryOut(endpointId, tapId, plan);
        }
    }

    private Plan decideKiosk(Connection c, KioskRequest r) throws SQLException {
        Instant now = clock.instant();
        Optional<String> kind = Directory.endpointKind(c, r.endpointId());
        if (kind.isEmpty()) return new Plan.Done(new TapDecision.Denied("endpoint " + r.endpointId() + " is not registered"));
        if (!kind.get().equals("kiosk")) {
            return new Plan.Done(new TapDecision.Denied("endpoint " + r.endpointId() + " is a " + kind.get() + ", not a kiosk"));
        }
        Sessions.beginTap(c, r.tapId(), r.endpointId(), now);
        Optional<Directory.User> account = Directory.kioskAccount(c, r.endpointId());
        if (account.isEmpty()) {
            TapDecision d = new TapDecision.Denied("no shared account is assigned to kiosk " + r.endpointId()
                    + " (rounds broker kiosk --endpoint " + r.endpointId() + " --user ID)");
            Sessions.decideTap(c, r.tapId(), write(d), now);
            return new Plan.Done(d);
        }
        Directory.User user = account.get();
        Sessions.Row s = Sessions.lock(c, user.id(), now);
        long next = s.generation() + 1;
        if (!Sessions.advance(c, user.id(), s.generation(), next, r.endpointId(), "active", now)) {
            throw new SQLException("session of " + user.id() + " changed under a row lock", "40001");
        }
        Audit.append(c, now, "kiosk-connect", user.id(), r.endpointId(), "shared account on kiosk " + r.endpointId()
                + " at generation " + next);
        return new Plan.Connect(user, s.owner(), next);
    }

    private Plan decide(Connection c, TapRequest r, String hmac) throws SQLException {
        Instant now = clock.instant();
        Optional<String> kind = Directory.endpointKind(c, r.endpointId());
        if (kind.isEmpty()) {
            return new Plan.Done(new TapDecision.Denied("endpoint " + r.endpointId() + " is not registered"));
        }
        Sessions.beginTap(c, r.tapId(), r.endpointId(), now);
        Optional<Directory.User> found = Directory.userByBadge(c, hmac);
        if (found.isEmpty()) {
            TapDecision d = new TapDecision.UnknownBadge();
            Audit.append(c, now, "unknown-badge", null, r.endpointId(), "tap " + r.tapId() + " by a badge nobody owns");
            Sessions.decideTap(c, r.tapId(), write(d), now);
            return new Plan.Done(d);
        }
        Directory.User user = found.get();
        // Kiosks show their shared account and nothing else; that account never roams to a badge tap.
        Optional<String> refusal = kind.get().equals("kiosk") ? Optional.of("kiosk endpoints take no badges")
                : Directory.isKioskAccount(c, user.id())
                        ? Optional.of(user.id() + " is a kiosk's shared account; it is used only on its kiosk")
                        : Optional.empty();
        if (refusal.isPresent()) {
            TapDecision d = new TapDecision.Denied(refusal.get());
            Audit.append(c, now, "tap-refused", user.id(), r.endpointId(), refusal.get());
            Sessions.decideTap(c, r.tapId(), write(d), now);
            return new Plan.Done(d);
        }
        Sessions.Row s = Sessions.lock(c, user.id(), now);
        long next = s.generation() + 1;
        if (s.owner().filter(r.endpointId()::equals).isPresent()) {
            TapDecision d = new TapDecision.Lock(user.id(), "tap-out");
            Sessions.advance(c, user.id(), s.generation(), next, null, "disconnected", now);
            Audit.append(c, now, "tap-out", user.id(), r.endpointId(), "locked at generation " + next);
            Sessions.decideTap(c, r.tapId(), write(d), now);
            return new Plan.TapOut(user.id(), d);
        }
        if (!Sessions.advance(c, user.id(), s.generation(), next, r.endpointId(), "active", now)) {
            throw new SQLException("session of " + user.id() + " changed under a row lock", "40001");
        }
        Audit.append(c, now, s.owner().isPresent() ? "takeover" : "connect", user.id(), r.endpointId(),
                s.owner().map(o -> "from " + o + " ").orElse("") + "to " + r.endpointId() + " at generation " + next);
        return new Plan.Connect(user, s.owner(), next);
    }

    private TapDecision carryOut(String endpointId, String tapId, Plan plan) throws SQLException {
        if (plan instanceof Plan.Done done) return done.decision();
        if (plan instanceof Plan.Replay replay) return awaitRecorded(replay.tapId());
        if (plan instanceof Plan.TapOut out) {
            desktops.disconnect(out.userId());
            log.info("user {} tapped out on {}", out.userId(), endpointId);
            return out.decision();
        }
        Plan.Connect p = (Plan.Connect) plan;
        // The old endpoint hears why first (so it locks with "moved", not "connection lost") and blanks;
        // then the desktop host closes its viewer whether or not it answered; only then may the new one paint.
        p.previousOwner().filter(o -> !o.equals(endpointId)).ifPresent(old -> {
            PushEvent moved = new PushEvent.SessionMoved(UUID.randomUUID().toString(), p.user().id(), endpointId, p.generation());
            boolean blanked = push.pushAndAwaitAck(old, moved, BLANK_WAIT);
            log.info("session of user {} moved from {} to {} (generation {}); {} {}", p.user().id(), old, endpointId,
                    p.generation(), old, blanked ? "blanked" : "did not acknowledge in time; its viewer is closed");
        });
        DesktopAddress address;
        try {
            address = desktops.handOver(p.user().id(), p.user().displayName());
        } catch (RuntimeException e) {
            return handOverFailed(endpointId, tapId, p, e);
        }
        TapDecision d = new TapDecision.Connect(p.user().id(), p.user().displayName(), address, p.generation(),
                reconnectToken(p.user().id(), endpointId, p.generation()));
        Tx.run(db, c -> {
            Sessions.decideTap(c, tapId, write(d), clock.instant());
            return null;
        });
        return d;
    }

    /**
     * Gives a dropped session back to the endpoint that owns it: while the session is still the
     * endpoint's at that generation, a fresh desktop credential (the desktop host revokes the
     * old one and closes any viewer left); otherwise a Lock saying where it went.
     */
    public TapDecision reconnect(ReconnectRequest r) throws SQLException {
        if (!MessageDigest.isEqual(reconnectToken(r.userId(), r.endpointId(), r.generation()).getBytes(StandardCharsets.US_ASCII),
                r.reconnectToken().getBytes(StandardCharsets.US_ASCII))) {
            return new TapDecision.Denied("reconnect token does not match this endpoint's session");
        }
        Object lock = userLocks.computeIfAbsent(r.userId(), u -> new Object());
        synchronized (lock) {
            Instant now = clock.instant();
            Optional<Directory.User> still = Tx.run(db, c -> {
                Optional<Sessions.Row> s = Sessions.find(c, r.userId());
                boolean ours = s.isPresent() && s.get().generation() == r.generation()
                        && s.get().owner().filter(r.endpointId()::equals).isPresent();
                Audit.append(c, now, ours ? "reconnect" : "reconnect-refused", r.userId(), r.endpointId(),
                        "generation " + r.generation() + (ours ? "" : s.map(x -> ", now " + x.owner().orElse("nobody")
                                + " at generation " + x.generation()).orElse("")));
                return ours ? Directory.user(c, r.userId()) : Optional.empty();
            });
            if (still.isEmpty()) {
                Optional<String> owner = Tx.run(db, c -> Sessions.find(c, r.userId()).flatMap(Sessions.Row::owner));
                return owner.<TapDecision>map(o -> new TapDecision.Lock(r.userId(), o))
                        .orElseGet(() -> new TapDecision.Denied("the session is no longer open on " + r.endpointId()));
            }
            DesktopAddress address = desktops.handOver(r.userId(), still.get().displayName());
            log.info("user {} reconnected on {} (generation {})", r.userId(), r.endpointId(), r.generation());
            return new TapDecision.Connect(r.userId(), still.get().displayName(), address, r.generation(), r.reconnectToken());
        }
    }

    /** Binds a session's generation to the endpoint it was given to; any broker on the database can check it. */
    private String reconnectToken(String userId, String endpointId, long generation) {
        return badges.hmac("reconnect\n" + userId + "\n" + endpointId + "\n" + generation);
    }

    /**
     * The desktop host could not hand the desktop over: without this the tap stayed pending for
     * ever (every retry waited 5 s and failed) and the session named an owner that shows nothing.
     * The tap is decided Denied, and the session is left unowned at this generation.
     */
    private TapDecision handOverFailed(String endpointId, String tapId, Plan.Connect p, RuntimeException e) throws SQLException {
        log.warn("desktop of user {} could not be handed to {}: {}", p.user().id(), endpointId, e.getMessage());
        TapDecision d = new TapDecision.Denied("the desktop of " + p.user().id() + " could not be started; tap again");
        Tx.run(db, c -> {
            Instant now = clock.instant();
            Sessions.advance(c, p.user().id(), p.generation(), p.generation(), null, "disconnected", now);
            Audit.append(c, now, "handover-failed", p.user().id(), endpointId, "at generation " + p.generation());
            Sessions.decideTap(c, tapId, write(d), now);
            return null;
        });
        return d;
    }

    private Optional<TapDecision> recorded(String tapId) throws SQLException {
        Optional<Sessions.Tap> t = Tx.run(db, c -> Sessions.tap(c, tapId));
        if (t.isEmpty()) return Optional.empty();
        if (t.get().decision().isPresent()) return Optional.of(read(t.get().decision().get()));
        return Optional.of(awaitRecorded(tapId));
    }

    /** A tap with this id is being decided (here or by another broker): wait, bounded, for its decision. */
    private TapDecision awaitRecorded(String tapId) throws SQLException {
        long end = System.nanoTime() + PENDING_WAIT.toNanos();
        while (System.nanoTime() < end) {
            Optional<String> d = Tx.run(db, c -> Sessions.tap(c, tapId).flatMap(Sessions.Tap::decision));
            if (d.isPresent()) return read(d.get());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new SQLException("tap " + tapId + " is still being decided; retry it", "55000");
    }

    private String write(TapDecision d) {
        try {
            return json.writerFor(TapDecision.class).writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TapDecision read(String s) {
        try {
            return json.readValue(s, TapDecision.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored decision unreadable", e);
        }
    }
}
