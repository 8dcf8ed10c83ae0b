package org.rounds.broker.takeover;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.RemoteSignIn;
import org.rounds.broker.api.RemoteSignInAnswer;
import org.rounds.broker.api.SlowHash;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TunnelTarget;
import org.rounds.broker.audit.Audit;
import org.rounds.broker.auth.AuthPolicy;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.store.Credentials;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.OutsideAccess;
import org.rounds.broker.store.Tx;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.TunnelTickets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outside sign-ins that a gateway forwards, and the tunnel tickets they give. The checks run in
 * the order a refusal must not reveal more than its step: outside access allowed (403), the
 * lockout of (user, outside source) (429), password and TOTP code together (401, one failure
 * for that pair), the code not used before (401); then the session is taken over as by a
 * password login ({@link TapService#outsideSignIn}) and a ticket to its desktop is made. The
 * source's throttle (429) is the HTTP layer's, before any of this. Every sign-in, refused or
 * not, is audited with the outside source and the gateway.
 */
public final class OutsideSignIns {
    private static final Logger log = LoggerFactory.getLogger(OutsideSignIns.class);
    // Checked when the user has no password, so that it costs as long as a wrong one.
    private static final String DUMMY_HASH = SlowHash.hash("not-a-user-password");

    private final Database db;
    private final OutsideAccess access;
    private final TapService taps;
    private final Clock clock;
    private final AuthPolicy auth;
    /** When each source's last throttled refusal was audited; the least recently seen forgotten beyond 10,000. */
    private final java.util.Map<String, Instant> throttleAudited = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(java.util.Map.Entry<String, Instant> eldest) { return size() > 10_000; }
    };

    /** What a sign-in came to: an answer for the device, or a refusal with its HTTP status and one line. */
    public sealed interface Outcome {
        record SignedIn(RemoteSignInAnswer answer) implements Outcome {}

        record Refused(int status, String reason) implements Outcome {}
    }

    public OutsideSignIns(Database db, OutsideAccess access, TapService taps, Clock clock, AuthPolicy auth) {
        this.db = db;
        this.access = access;
        this.taps = taps;
        this.clock = clock;
        this.auth = auth;
    }

    /** The facts the checks need, read in one transaction. */
    private record Read(Optional<OutsideAccess.Standing> standing, Optional<Credentials.AuthState> state, boolean kioskAccount,
                        Optional<String> deviceKind) {}

    /** Signs {@code r} in from {@code source} (an {@code outside:ADDRESS} key) through {@code gateway}, of the default practice. */
    public Outcome signIn(RemoteSignIn r, String source, String gateway) throws SQLException {
        return signIn(Tenant.DEFAULT, r, source, gateway);
    }

    /**
     * As {@link #signIn(RemoteSignIn, String, String)} through a gateway of practice {@code
     * tenant} (its certificate names it): only that practice's users sign in there.
     */
    public Outcome signIn(Tenant tenant, RemoteSignIn r, String source, String gateway) throws SQLException {
        String via = "from " + source + " through gateway " + gateway;
        String user = r.userId();
        Instant now = clock.instant();
        Read read = Tx.run(db, tenant, c -> new Read(OutsideAccess.standing(c, user), Credentials.state(c, user, source),
                Directory.isKioskAccount(c, user), Directory.endpointKind(c, r.deviceId())));
        // An unknown user and one not allowed get the same line: the answer tells no one who exists.
        if (read.standing().isEmpty() || !read.standing().get().allowed())
            return refused(tenant, r.userId(), r.deviceId(), via, 403, "user " + user + " may not sign in from outside the hospital: an administrator allows it "
                    + "with 'rounds broker users outside " + user + " --allow'");
        if (read.kioskAccount()) return refused(tenant, r.userId(), r.deviceId(), via, 403, user + " is a kiosk's shared account; it is used only on its kiosk");
        if (read.standing().get().sealedSecret().isEmpty())
            return refused(tenant, r.userId(), r.deviceId(), via, 403, "user " + user + " has no TOTP code generator enrolled: an administrator runs "
                    + "'rounds broker users totp " + user + "' and gives them the otpauth URI for their phone");
        if (read.deviceKind().filter(k -> !k.equals("remote")).isPresent())
            return refused(tenant, r.userId(), r.deviceId(), via, 409, "device id " + r.deviceId() + " is an inside endpoint's: an outside device signs in under its own id");
        Credentials.AuthState state = read.state().orElseThrow();
        if (state.lockedAt(now))
            return refused(tenant, r.userId(), r.deviceId(), via, 429, "too many wrong passwords or codes for " + user + " from " + source + "; try again after "
                    + DateTimeFormatter.ISO_INSTANT.format(state.lockedUntil().orElseThrow().truncatedTo(ChronoUnit.SECONDS)));

        // Both checked whatever either says: which one was wrong is not told, nor timed.
        boolean passwordOk = SlowHash.matches(state.passwordHash().orElse(DUMMY_HASH), r.password()) && state.passwordHash().isPresent();
        OptionalLong step = Totp.matchingStep(secret(user, read.standing().get().sealedSecret().get()), r.code(), now);
        if (!passwordOk || step.isEmpty()) {
            int left = Tx.run(db, tenant, c -> {
                int n = Credentials.failed(c, user, source, auth.maxFailures(), auth.lockout(), now);
                if (n == 0) Audit.append(c, now, "lockout", user, r.deviceId(), auth.maxFailures() + " wrong passwords or codes " + via);
                return n;
            });
            return refused(tenant, r.userId(), r.deviceId(), via, 401, "wrong password or code for " + user + (left == 0 ? "; locked out from " + source + " for "
                    + auth.lockout().toMinutes() + " min" : ""));
        }
        if (!Tx.run(db, tenant, c -> OutsideAccess.acceptStep(c, user, step.getAsLong(), r.tapId())))
            return refused(tenant, r.userId(), r.deviceId(), via, 401, "code already used: wait for the next code on the phone (every 30 s) and sign in again");

        TapDecision d = taps.outsideSignIn(tenant, r.deviceId(), r.tapId(), user, source, via);
        if (d instanceof TapDecision.Connect connect && connect.userId().equals(user)) {
            String ticket = Tx.run(db, tenant, c -> TunnelTickets.issue(c, user, connect.desktop(), clock.instant()));
            log.info("user {} signed in from outside {}: device {}, generation {}", user, via, r.deviceId(), connect.generation());
            return new Outcome.SignedIn(new RemoteSignInAnswer(user, connect.displayName(), ticket, connect.desktop().password(),
                    connect.desktop().pin(), connect.generation(), connect.reconnectToken()));
        }
        if (d instanceof TapDecision.Denied denied) return refused(tenant, r.userId(), r.deviceId(), via, 503, denied.reason());
        return refused(tenant, r.userId(), r.deviceId(), via, 409, "tapId " + r.tapId() + " was already used for another request: send each sign-in with a new tapId");
    }

    /**
     * Gives an outside device whose tunnel dropped its session back without a new code, as
     * {@link SessionReliability#reconnect} does inside: a fresh ticket and desktop password at
     * the same generation. Only for a {@code remote} device: an inside endpoint reconnects with
     * its own certificate, never through a gateway.
     */
    public Outcome reconnect(ReconnectRequest r, String source, String gateway) throws SQLException {
        return reconnect(Tenant.DEFAULT, r, source, gateway);
    }

    /** As {@link #reconnect(ReconnectRequest, String, String)} through a gateway of practice {@code tenant}. */
    public Outcome reconnect(Tenant tenant, ReconnectRequest r, String source, String gateway) throws SQLException {
        String via = "from " + source + " through gateway " + gateway;
        if (Tx.run(db, tenant, c -> Directory.endpointKind(c, r.endpointId())).filter("remote"::equals).isEmpty())
            return refused(tenant, r.userId(), r.endpointId(), via, 403, "endpoint " + r.endpointId() + " is not an outside device: "
                    + "inside endpoints reconnect with their own certificate");
        TapDecision d = taps.sessions().reconnect(tenant, r);
        if (d instanceof TapDecision.Connect connect) {
            Instant now = clock.instant();
            String ticket = Tx.run(db, tenant, c -> {
                Audit.append(c, now, "outside-reconnect", r.userId(), r.endpointId(), "generation " + r.generation() + " " + via);
                return TunnelTickets.issue(c, r.userId(), connect.desktop(), now);
            });
            return new Outcome.SignedIn(new RemoteSignInAnswer(r.userId(), connect.displayName(), ticket, connect.desktop().password(),
                    connect.desktop().pin(), connect.generation(), connect.reconnectToken()));
        }
        if (d instanceof TapDecision.Lock)
            return refused(tenant, r.userId(), r.endpointId(), via, 409, "the session of " + r.userId() + " has moved to another endpoint: sign in again");
        return refused(tenant, r.userId(), r.endpointId(), via, 403, ((TapDecision.Denied) d).reason());
    }

    /**
     * Audits a sign-in refused before these checks (the source's throttle) with the same detail
     * as the others, once per source and minute: a flood of throttled requests must not become
     * a flood of audit rows (the throttle is there to spare the broker).
     */
    public void refusedEarlier(RemoteSignIn r, String source, String gateway, String reason) throws SQLException {
        refusedEarlier(Tenant.DEFAULT, r, source, gateway, reason);
    }

    /** As {@link #refusedEarlier(RemoteSignIn, String, String, String)}, in the trail of practice {@code tenant}. */
    public void refusedEarlier(Tenant tenant, RemoteSignIn r, String source, String gateway, String reason) throws SQLException {
        Instant now = clock.instant();
        synchronized (throttleAudited) {
            Instant last = throttleAudited.get(source);
            if (last != null && now.isBefore(last.plusSeconds(60))) return;
            throttleAudited.put(source, now);
        }
        refused(tenant, r.userId(), r.deviceId(), "from " + source + " through gateway " + gateway, 429,
                reason + " (further refusals from it within a minute are not audited)");
    }

    /**
     * Uses up a tunnel ticket for {@code gateway}: where the tunnel goes, audited as
     * {@code tunnel-open}; empty when the ticket is unknown, used or expired.
     */
    public Optional<TunnelTarget> redeem(String ticket, String gateway) throws SQLException {
        return redeem(Tenant.DEFAULT, ticket, gateway);
    }

    /** As {@link #redeem(String, String)} for a gateway of practice {@code tenant}: another practice's ticket is unknown there. */
    public Optional<TunnelTarget> redeem(Tenant tenant, String ticket, String gateway) throws SQLException {
        Instant now = clock.instant();
        return Tx.run(db, tenant, c -> {
            Optional<TunnelTarget> target = TunnelTickets.redeem(c, ticket, now);
            if (target.isPresent())
                Audit.append(c, now, "tunnel-open", target.get().userId(), null, "to " + target.get().host() + ":" + target.get().port()
                        + " through gateway " + gateway);
            return target;
        });
    }

    private Outcome refused(Tenant tenant, String user, String device, String via, int status, String reason) throws SQLException {
        Instant now = clock.instant();
        Tx.run(db, tenant, c -> {
            Audit.append(c, now, "outside-sign-in-refused", user, device, status + " " + via + ": " + reason);
            return null;
        });
        return new Outcome.Refused(status, reason);
    }

    /** The user's TOTP secret; empty (no code matches) when this broker's seal key is not the one it was sealed with. */
    private byte[] secret(String user, String sealed) {
        try {
            return access.secret(user, sealed);
        } catch (IllegalStateException e) {
            log.warn("user {} cannot sign in from outside: {}; give this broker the seal key file the TOTP secret was made with",
                    user, e.getMessage());
            return new byte[0];
        }
    }
}
