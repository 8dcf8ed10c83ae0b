package org.rounds.broker.takeover;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.rounds.broker.audit.Audit;
import org.rounds.broker.auth.AuthPolicy;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.auth.DecisionSeal;
import org.rounds.broker.api.SlowHash;
import org.rounds.broker.store.Credentials;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.BadgeTags;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Sessions;
import org.rounds.broker.store.TapEnrolments;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;
import org.rounds.broker.api.KioskRequest;
import org.rounds.broker.api.PasswordLogin;
import org.rounds.broker.api.PinEntry;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides taps, in two short transactions with the network waits between them and no database
 * connection held meanwhile (issue 20):
 * <ol>
 *   <li>decide and claim: the session row locked, its generation compared-and-set, the session
 *       moved to the new endpoint with a claim naming the tap ({@link Sessions.Claim}); the tap
 *       recorded without an answer, the audit rows written; committed;</li>
 *   <li>the old endpoint told {@code session-moved} and given a bounded time to blank; the
 *       desktop host handing the desktop over (revoking the old credential and closing the old
 *       viewer, on whichever broker served it);</li>
 *   <li>the claim ended and the answer recorded, committed; only then does the new endpoint get
 *       its credential.</li>
 * </ol>
 * A later tap of the user waits while a claim is live ({@link TapClaims}), so hand-overs follow
 * generation order; one that finds the session moved on at step 3 is answered with where it went.
 * A broker killed between 1 and 3 leaves a claim: the endpoint's retry of the same tap id, on
 * any broker, takes it over and resumes at step 2 (at the same generation: one session); a claim
 * nobody resumes lapses ({@link TapClaims#TERM}, or sooner when its broker's lease expires). A
 * retried tap id returns the decision already made.
 */
public final class TapService {
    private static final Logger log = LoggerFactory.getLogger(TapService.class);
    static final Duration BLANK_WAIT = Duration.ofMillis(500);
    private static final Duration PENDING_WAIT = TapClaims.PENDING_WAIT;

    private final Database db;
    private final BadgeKey badges;
    private final SessionDesktops desktops;
    private final PushSender push;
    private final Clock clock;
    private final ObjectMapper json;
    private final AuthPolicy auth;
    private final TapRecords records;
    private final SessionReliability sessions;
    private final Cluster cluster;
    private final ProfilePush profiles;
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    /** Serialises takeovers of one user in this broker, so desktop hand-overs happen in generation order. */
    private final UserLocks userLocks = new UserLocks();
    private final TapClaims claims;
    private final TapHandOver handOver;

    public TapService(Database db, BadgeKey badges, DesktopPool desktops, PushSender push, Clock clock, ObjectMapper json) {
        this(db, badges, desktops, push, clock, json, AuthPolicy.DEFAULT, Cluster.SINGLE);
    }

    public TapService(Database db, BadgeKey badges, DesktopPool desktops, PushSender push, Clock clock, ObjectMapper json,
                      AuthPolicy auth, Cluster cluster) {
        this(db, badges, desktops, push, clock, json, auth, cluster, SessionReliability.RECONNECT_WINDOW);
    }

    /** {@code reconnectWindow}: how long after a drop a reconnect token still gets the session back. */
    public TapService(Database db, BadgeKey badges, DesktopPool desktops, PushSender push, Clock clock, ObjectMapper json,
                      AuthPolicy auth, Cluster cluster, Duration reconnectWindow) {
        this(db, badges, new ClusterDesktops(desktops, cluster), push, clock, json, auth, cluster, reconnectWindow);
    }

    /** Desktops from enrolled desktop hosts ({@code rounds broker --desktops hosts}) instead of the brokers' own. */
    public TapService(Database db, BadgeKey badges, HostTierDesktops hosts, PushSender push, Clock clock, ObjectMapper json,
                      AuthPolicy auth, Cluster cluster, Duration reconnectWindow) {
        this(db, badges, (SessionDesktops) hosts, push, clock, json, auth, cluster, reconnectWindow);
    }

    private TapService(Database db, BadgeKey badges, SessionDesktops desktops, PushSender push, Clock clock, ObjectMapper json,
                       AuthPolicy auth, Cluster cluster, Duration reconnectWindow) {
        this.auth = auth;
        this.cluster = cluster;
        this.profiles = new ProfilePush(db, push, cluster);
        this.records = new TapRecords(new DecisionSeal(badges), json);
        this.desktops = desktops;
        this.claims = new TapClaims(db, cluster, clock);
        this.sessions = new SessionReliability(db, badges, this.desktops, clock, userLocks, reconnectWindow);
        this.handOver = new TapHandOver(db, this.desktops, push, cluster, clock, records, sessions, claims);
        this.db = db;
        this.badges = badges;
        this.push = push;
        this.clock = clock;
        this.json = json;
    }

    /** Reconnects, logoffs and push catch-up: what keeps a session once a tap has given it. */
    public SessionReliability sessions() {
        return sessions;
    }

    /** Endpoint profiles pushed live, through this broker's channels or the broker holding them. */
    public ProfilePush profiles() {
        return profiles;
    }

    /** {@link #tap(TapRequest, String)} for a caller with no network source: the endpoint id stands for it. */
    public TapDecision tap(TapRequest r) throws SQLException {
        return tap(r, byEndpoint(r.endpointId()));
    }

    /**
     * Decides a badge tap from {@code source} (who sent it, as {@code RequestSource} names it:
     * lockouts count per user and source, and the audit names the source of unknown badges).
     */
    public TapDecision tap(TapRequest r, String source) throws SQLException {
        return tap(Tenant.DEFAULT, r, source);
    }

    /**
     * {@link #tap(TapRequest, String)} by an endpoint of practice {@code tenant} (its certificate
     * names it): the badge is tagged with that practice's key, and only that practice's users,
     * sessions, taps and endpoints are read or written.
     */
    public TapDecision tap(Tenant tenant, TapRequest r, String source) throws SQLException {
        return RetryOnFailover.once(db, () -> tapOnce(tenant, r, source));
    }

    private TapDecision tapOnce(Tenant tenant, TapRequest r, String source) throws SQLException {
        List<BadgeTags.Tag> tags = badges.forTenant(tenant).tags(r.credential());   // re-tags a badge found under an earlier key
        // one transaction for both: whether the tap id was seen, and (if not) whose badge it is, to take that user's lock
        FirstLook first = Tx.run(db, tenant, c -> {
            Optional<Sessions.Tap> seen = Sessions.tap(c, r.tapId());
            return new FirstLook(seen, seen.isPresent() ? Optional.empty() : BadgeTags.find(c, tags).map(Directory.User::id));
        });
        Optional<TapDecision> replay = handOver.replayOrResume(tenant, r.tapId(), first.seen());
        if (replay.isPresent()) return replay.get();
        return decideOnce(tenant, r.endpointId(), r.tapId(), first.user().orElse(""), c -> decide(c, r, tags, source));
    }

    /** A tap's row if its id was seen before, else whose badge was tapped. */
    private record FirstLook(Optional<Sessions.Tap> seen, Optional<String> user) {}

    /** The source of a request made in-process rather than over HTTP: its endpoint. */
    private static String byEndpoint(String endpointId) {
        return "endpoint:" + endpointId;
    }

    /**
     * Gives a kiosk its shared account's desktop, at start and after every drop: the account's
     * session moves to the kiosk at a new generation (closing any viewer left from before).
     * Denied when the endpoint is no kiosk or has no account assigned.
     */
    public TapDecision kiosk(KioskRequest r) throws SQLException {
        return kiosk(Tenant.DEFAULT, r);
    }

    /** {@link #kiosk(KioskRequest)} for a kiosk of practice {@code tenant}: its shared account is that practice's. */
    public TapDecision kiosk(Tenant tenant, KioskRequest r) throws SQLException {
        return RetryOnFailover.once(db, () -> kioskOnce(tenant, r));
    }

    private TapDecision kioskOnce(Tenant tenant, KioskRequest r) throws SQLException {
        Optional<TapDecision> replay = handOver.replayOrResume(tenant, r.tapId());
        if (replay.isPresent()) return replay.get();
        Optional<String> user = Tx.run(db, tenant, c -> Directory.kioskAccount(c, r.endpointId()).map(Directory.User::id));
        return decideOnce(tenant, r.endpointId(), r.tapId(), user.orElse(""), c -> decideKiosk(c, r));
    }

    /**
     * Decides in a transaction of practice {@code tenant} under the user's lock, then acts: a
     * racing retry of the same id replays or resumes it; a live claim of another tap on the
     * session is waited for, holding nothing, then the tap is decided afresh.
     */
    private TapDecision decideOnce(Tenant tenant, String endpointId, String tapId, String userId, Tx.Work<TapPlan> decide)
            throws SQLException {
        long end = CallerDeadline.bound(System.nanoTime() + PENDING_WAIT.toNanos());
        while (true) {
            TapClaims.Busy busy;
            try (UserLocks.Held user = userLocks.take(SessionReliability.lockKey(tenant, userId));
                 UserLocks.Held carrying = claims.carrying(tenant, tapId)) {
                return carryOut(tenant, endpointId, tapId, Tx.run(db, tenant, decide));
            } catch (TapClaims.Busy b) {
                busy = b;
            } catch (SQLException e) {
                if (!Sessions.isDuplicate(e)) throw e;
                // decided or claimed meanwhile, here or on another broker
                return handOver.replayOrResume(tenant, tapId).orElseThrow(() -> e);
            }
            if (!claims.awaitChange(tenant, busy, end)) {
                throw new SQLException("the session of " + busy.userId + " is still being handed over by tap "
                        + busy.claim.tapId() + "; tap again", "55000");
            }
        }
    }

    private TapPlan decideKiosk(Connection c, KioskRequest r) throws SQLException {
        Instant now = clock.instant();
        Optional<String> kind = Directory.endpointKind(c, r.endpointId());
        if (kind.isEmpty()) return new TapPlan.Done(new TapDecision.Denied("endpoint " + r.endpointId() + " is not registered"));
        if (!kind.get().equals("kiosk")) {
            return new TapPlan.Done(new TapDecision.Denied("endpoint " + r.endpointId() + " is a " + kind.get() + ", not a kiosk"));
        }
        Sessions.beginTap(c, r.tapId(), r.endpointId(), now);
        Optional<Directory.User> account = Directory.kioskAccount(c, r.endpointId());
        if (account.isEmpty()) {
            TapDecision d = new TapDecision.Denied("no shared account is assigned to kiosk " + r.endpointId()
                    + " (rounds broker kiosk --endpoint " + r.endpointId() + " --user ID)");
            Sessions.decideTap(c, r.tapId(), records.write(d), now);
            return new TapPlan.Done(d);
        }
        Directory.User user = account.get();
        Sessions.Row s = claims.lockUnclaimed(c, user.id(), now);
        long next = s.generation() + 1;
        if (!Sessions.claim(c, user.id(), s.generation(), next, r.endpointId(), claims.claim(r.tapId(), s.owner(), now), now)) {
            throw new SQLException("session of " + user.id() + " changed under a row lock", "40001");
        }
        Audit.append(c, now, "kiosk-connect", user.id(), r.endpointId(), "shared account on kiosk " + r.endpointId()
                + " at generation " + next);
        return new TapPlan.Claimed(user, s, TapHandOver.pushBroker(c, s), next);
    }

    private TapPlan decide(Connection c, TapRequest r, List<BadgeTags.Tag> tags, String source) throws SQLException {
        Instant now = clock.instant();
        Optional<String> kind = Directory.endpointKind(c, r.endpointId());
        if (kind.isEmpty()) {
            return new TapPlan.Done(new TapDecision.Denied("endpoint " + r.endpointId() + " is not registered"));
        }
        Sessions.beginTap(c, r.tapId(), r.endpointId(), now);
        Optional<TapEnrolments.Status> arming = TapEnrolments.armedFor(c, r.endpointId(), now);
        if (arming.isPresent()) return enrolByTap(c, r, tags, arming.get(), now);
        Optional<Directory.User> found = BadgeTags.find(c, tags);
        if (found.isEmpty()) {
            TapDecision d = new TapDecision.UnknownBadge();
            Audit.append(c, now, "unknown-badge", null, r.endpointId(), "tap " + r.tapId() + " by a badge nobody owns, from " + source);
            Sessions.decideTap(c, r.tapId(), records.write(d), now);
            return new TapPlan.Done(d);
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
            Sessions.decideTap(c, r.tapId(), records.write(d), now);
            return new TapPlan.Done(d);
        }
        return claim(c, r.endpointId(), r.tapId(), user, source, now, true, true);
    }

    /**
     * The endpoint is armed for tap to enrol: the badge is bound to the armed user (unless it is
     * already someone else's) and the endpoint is told so; no session is given.
     */
    private TapPlan enrolByTap(Connection c, TapRequest r, List<BadgeTags.Tag> tags, TapEnrolments.Status arming, Instant now)
            throws SQLException {
        Directory.User user = Directory.user(c, arming.userId()).orElseThrow();
        TapDecision d = TapEnrolments.bind(c, arming, tags, now) ? new TapDecision.BadgeEnrolled(user.id(), user.displayName())
                : new TapDecision.Denied("this badge is already another user's; tap the badge meant for " + user.displayName());
        Sessions.decideTap(c, r.tapId(), records.write(d), now);
        log.info("tap {} on {} decided by tap to enrol of user {}: {}", r.tapId(), r.endpointId(), user.id(),
                d.getClass().getSimpleName());
        return new TapPlan.Done(d);
    }

    /**
     * Gives the user's session to the endpoint: a tap-out when the endpoint already shows it;
     * a PIN request first when {@code askPin} and the user's last full authentication is older
     * than the grace period; otherwise the generation advances (a takeover when another endpoint
     * had it). A lockout counts only when it is {@code source}'s. Without {@code tapOut} (an
     * outside sign-in: nobody signs in to lock a screen) the endpoint showing it gets it again
     * at the next generation, as a kiosk does.
     */
    private TapPlan claim(Connection c, String endpointId, String tapId, Directory.User user, String source, Instant now,
                       boolean askPin, boolean tapOut) throws SQLException {
        Sessions.Row s = claims.lockUnclaimed(c, user.id(), now);
        long next = s.generation() + 1;
        if (tapOut && s.owner().filter(endpointId::equals).isPresent() && !desktops.lost(c, s)) {
            TapDecision d = new TapDecision.Lock(user.id(), "tap-out");
            Sessions.advance(c, user.id(), s.generation(), next, null, "disconnected", now);
            Audit.append(c, now, "tap-out", user.id(), endpointId, "locked at generation " + next);
            Sessions.decideTap(c, tapId, records.write(d), now);
            return new TapPlan.TapOut(s, d);
        }
        Credentials.AuthState a = Credentials.state(c, user.id(), source).orElseThrow();
        if (a.lockedAt(now)) return done(c, tapId, lockedOut(a), "tap-locked-out", user.id(), endpointId);
        if (askPin && a.pinHash().isPresent()
                && a.lastFullAuth().filter(t -> now.isBefore(t.plus(auth.pinGrace()))).isEmpty()) {
            String token = newToken();
            Credentials.challenge(c, token, user.id(), endpointId, now.plus(auth.pinTimeout()));
            TapDecision d = new TapDecision.PinRequired(user.id(), user.displayName(), token,
                    auth.maxFailures() - a.failedAttempts());
            return done(c, tapId, d, "pin-required", user.id(), endpointId);
        }
        if (s.owner().isEmpty()) withinSessionLimit(c);   // a takeover moves a desktop already shown: it adds none
        if (!Sessions.claim(c, user.id(), s.generation(), next, endpointId, claims.claim(tapId, s.owner(), now), now)) {
            throw new SQLException("session of " + user.id() + " changed under a row lock", "40001");
        }
        Audit.append(c, now, s.owner().isPresent() ? "takeover" : "connect", user.id(), endpointId,
                s.owner().map(o -> "from " + o + " ").orElse("") + "to " + endpointId + " at generation " + next);
        return new TapPlan.Claimed(user, s, TapHandOver.pushBroker(c, s), next);
    }

    /**
     * Refuses a desktop more for the practice of {@code c}'s transaction when it shows as many as
     * its limit ({@link org.rounds.broker.store.PracticeLimits#maxSessions}) allows: the tap is
     * refused whole (429, nothing kept), so the practice's users are not starved by one another's
     * retries and other practices are not touched.
     */
    private static void withinSessionLimit(Connection c) throws SQLException {
        Tenant tenant = Tx.tenant(c);
        org.rounds.broker.store.PracticeLimits limits = org.rounds.broker.store.Tenants.limits(c, tenant);
        if (!limits.limitsSessions()) return;
        if (Sessions.shown(c) >= limits.maxSessions())
            throw new PracticeLimitReached("practice " + tenant + " is at its limit of " + limits.maxSessions()
                    + " desktops shown at once; tap out elsewhere or wait, then tap again (an administrator sets the practice's limits)", 5);
    }

    /** Decides {@code tapId} with {@code d} and writes an audit row; a plan with nothing left to do. */
    private TapPlan done(Connection c, String tapId, TapDecision d, String auditKind, String userId, String endpointId)
            throws SQLException {
        Audit.append(c, clock.instant(), auditKind, userId, endpointId, d instanceof TapDecision.Denied den ? den.reason()
                : d instanceof TapDecision.PinRequired p ? p.attemptsLeft() + " attempts left" : d.getClass().getSimpleName());
        Sessions.decideTap(c, tapId, records.write(d), clock.instant());
        return new TapPlan.Done(d);
    }

    private TapDecision lockedOut(Credentials.AuthState a) {
        return new TapDecision.Denied("locked out after " + auth.maxFailures() + " wrong PINs or passwords until "
                + a.lockedUntil().map(t -> java.time.format.DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(
                        java.time.temporal.ChronoUnit.MINUTES))).orElse("an administrator sets a new PIN"));
    }

    private String newToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * The PIN a {@code PinRequired} asked for: right, and the session is claimed as the tap would
     * have; wrong, and the user has one attempt fewer (none: locked out, the request dropped).
     */
    public TapDecision enterPin(PinEntry e) throws SQLException {
        return enterPin(e, byEndpoint(e.endpointId()));
    }

    /** {@link #enterPin(PinEntry)} from {@code source}: wrong PINs count against the user there only. */
    public TapDecision enterPin(PinEntry e, String source) throws SQLException {
        return enterPin(Tenant.DEFAULT, e, source);
    }

    /** {@link #enterPin(PinEntry, String)} from an endpoint of practice {@code tenant}: only that practice's challenges answer. */
    public TapDecision enterPin(Tenant tenant, PinEntry e, String source) throws SQLException {
        return RetryOnFailover.once(db, () -> enterPinOnce(tenant, e, source));
    }

    private TapDecision enterPinOnce(Tenant tenant, PinEntry e, String source) throws SQLException {
        Optional<TapDecision> replay = handOver.replayOrResume(tenant, e.tapId());
        if (replay.isPresent()) return replay.get();
        Optional<String> user = Tx.run(db, tenant, c -> Credentials.challenge(c, e.pinToken()).map(Credentials.Challenge::userId));
        return decideOnce(tenant, e.endpointId(), e.tapId(), user.orElse(""), c -> decidePin(c, e, source));
    }

    private TapPlan decidePin(Connection c, PinEntry e, String source) throws SQLException {
        Instant now = clock.instant();
        Sessions.beginTap(c, e.tapId(), e.endpointId(), now);
        Optional<Credentials.Challenge> ch = Credentials.challenge(c, e.pinToken())
                .filter(x -> x.endpointId().equals(e.endpointId()) && now.isBefore(x.expiresAt()));
        if (ch.isEmpty()) return done(c, e.tapId(), new TapDecision.Denied("the PIN request expired; tap again"),
                "pin-expired", null, e.endpointId());
        Directory.User user = Directory.user(c, ch.get().userId()).orElseThrow();
        Credentials.AuthState a = Credentials.state(c, user.id(), source).orElseThrow();
        if (a.lockedAt(now)) return done(c, e.tapId(), lockedOut(a), "pin-locked-out", user.id(), e.endpointId());
        if (!SlowHash.matches(a.pinHash().orElse(""), e.pin())) {
            int left = Credentials.failed(c, user.id(), source, auth.maxFailures(), auth.lockout(), now);
            if (left == 0) {
                Credentials.dropChallenge(c, e.pinToken());
                Audit.append(c, now, "lockout", user.id(), e.endpointId(), auth.maxFailures() + " wrong PINs or passwords from " + source);
                return done(c, e.tapId(), lockedOut(Credentials.state(c, user.id(), source).orElseThrow()), "pin-failed",
                        user.id(), e.endpointId());
            }
            return done(c, e.tapId(), new TapDecision.PinRequired(user.id(), user.displayName(), e.pinToken(), left),
                    "pin-failed", user.id(), e.endpointId());
        }
        Credentials.succeeded(c, user.id(), source, now);
        Credentials.dropChallenge(c, e.pinToken());
        Audit.append(c, now, "pin-ok", user.id(), e.endpointId(), "PIN accepted");
        return claim(c, e.endpointId(), e.tapId(), user, source, now, false, true);
    }

    /** Login without a badge: a right password counts as a full authentication; wrong ones count towards lockout. */
    public TapDecision passwordLogin(PasswordLogin p) throws SQLException {
        return passwordLogin(p, byEndpoint(p.endpointId()));
    }

    /** {@link #passwordLogin(PasswordLogin)} from {@code source}: wrong passwords count against the user there only. */
    public TapDecision passwordLogin(PasswordLogin p, String source) throws SQLException {
        return passwordLogin(Tenant.DEFAULT, p, source);
    }

    /** {@link #passwordLogin(PasswordLogin, String)} from an endpoint of practice {@code tenant}: that practice's user of the id. */
    public TapDecision passwordLogin(Tenant tenant, PasswordLogin p, String source) throws SQLException {
        return RetryOnFailover.once(db, () -> passwordLoginOnce(tenant, p, source));
    }

    private TapDecision passwordLoginOnce(Tenant tenant, PasswordLogin p, String source) throws SQLException {
        Optional<TapDecision> replay = handOver.replayOrResume(tenant, p.tapId());
        if (replay.isPresent()) return replay.get();
        return decideOnce(tenant, p.endpointId(), p.tapId(), p.userId(), c -> decidePassword(c, p, source));
    }

    private TapPlan decidePassword(Connection c, PasswordLogin p, String source) throws SQLException {
        Instant now = clock.instant();
        Optional<String> kind = Directory.endpointKind(c, p.endpointId());
        if (kind.isEmpty()) return new TapPlan.Done(new TapDecision.Denied("endpoint " + p.endpointId() + " is not registered"));
        Sessions.beginTap(c, p.tapId(), p.endpointId(), now);
        TapDecision wrong = new TapDecision.Denied("wrong user id or password");   // the same whether or not the user exists
        Optional<Directory.User> user = Directory.user(c, p.userId());
        Optional<Credentials.AuthState> a = user.isEmpty() ? Optional.empty() : Credentials.state(c, p.userId(), source);
        if (user.isEmpty() || a.get().passwordHash().isEmpty()) {
            return done(c, p.tapId(), wrong, "password-failed", null, p.endpointId());
        }
        if (kind.get().equals("kiosk") || Directory.isKioskAccount(c, p.userId())) {
            return done(c, p.tapId(), new TapDecision.Denied("kiosks and kiosk accounts take no password logins"),
                    "password-refused", p.userId(), p.endpointId());
        }
        if (a.get().lockedAt(now)) return done(c, p.tapId(), lockedOut(a.get()), "password-locked-out", p.userId(), p.endpointId());
        if (!SlowHash.matches(a.get().passwordHash().get(), p.password())) {
            int left = Credentials.failed(c, p.userId(), source, auth.maxFailures(), auth.lockout(), now);
            if (left == 0) {
                Audit.append(c, now, "lockout", p.userId(), p.endpointId(), auth.maxFailures() + " wrong PINs or passwords from " + source);
            }
            return done(c, p.tapId(), left == 0 ? lockedOut(Credentials.state(c, p.userId(), source).orElseThrow()) : wrong,
                    "password-failed", p.userId(), p.endpointId());
        }
        Credentials.succeeded(c, p.userId(), source, now);
        Audit.append(c, now, "password-ok", p.userId(), p.endpointId(), "password accepted");
        return claim(c, p.endpointId(), p.tapId(), user.get(), source, now, false, true);
    }

    /**
     * An outside sign-in whose password and TOTP code were checked ({@code OutsideSignIns}):
     * device {@code deviceId} (registered as a {@code remote} endpoint when new) takes the user's
     * session as a password login's endpoint would, the endpoint showing it told first. A
     * retried {@code tapId} returns the decision already made. {@code detail} (the outside source
     * and the gateway) goes into the audit row.
     */
    public TapDecision outsideSignIn(String deviceId, String tapId, String userId, String source, String detail) throws SQLException {
        return outsideSignIn(Tenant.DEFAULT, deviceId, tapId, userId, source, detail);
    }

    /** {@link #outsideSignIn(String, String, String, String, String)} through a gateway of practice {@code tenant}. */
    public TapDecision outsideSignIn(Tenant tenant, String deviceId, String tapId, String userId, String source, String detail)
            throws SQLException {
        return RetryOnFailover.once(db, () -> {
            Optional<TapDecision> replay = handOver.replayOrResume(tenant, tapId);
            if (replay.isPresent()) return replay.get();
            return decideOnce(tenant, deviceId, tapId, userId, c -> decideOutside(c, deviceId, tapId, userId, source, detail));
        });
    }

    private TapPlan decideOutside(Connection c, String deviceId, String tapId, String userId, String source, String detail)
            throws SQLException {
        Instant now = clock.instant();
        if (!Directory.registerRemote(c, deviceId, now)) {
            return new TapPlan.Done(new TapDecision.Denied("device " + deviceId + " is an inside endpoint, not an outside device"));
        }
        Sessions.beginTap(c, tapId, deviceId, now);
        Directory.User user = Directory.user(c, userId).orElseThrow(() -> new SQLException("no user " + userId));
        Credentials.succeeded(c, userId, source, now);
        Audit.append(c, now, "outside-sign-in", userId, deviceId, detail);
        return claim(c, deviceId, tapId, user, source, now, false, false);
    }

    /**
     * The plan's side effects, after its transaction: a tap-out cuts the viewer; a claim tells the
     * old endpoint and hands the desktop over, then records the answer ({@link TapHandOver}).
     */
    private TapDecision carryOut(Tenant tenant, String endpointId, String tapId, TapPlan plan) throws SQLException {
        if (plan instanceof TapPlan.Done done) return done.decision();
        if (plan instanceof TapPlan.TapOut out) {
            DatabaseTurns.whileWaiting(DecisionPhases.Phase.DESKTOP, () -> desktops.disconnect(DesktopStore.between(db, tenant), out.session()));
            log.info("user {} tapped out on {}", out.session().userId(), endpointId);
            return out.decision();
        }
        return handOver.carryOut(tenant, endpointId, tapId, (TapPlan.Claimed) plan);
    }

    /**
     * Ends the user's desktop at an admin's request ({@link SessionReliability#endByAdmin}), then
     * tells the endpoint that showed it, on its push channel (here or through the broker holding
     * it), that the session moved on: it blanks and locks at once rather than when its viewer
     * drops. False when the user had no session to end.
     */
    public boolean endByAdmin(String userId, String actor) throws SQLException {
        return endByAdmin(org.rounds.broker.store.Tenant.DEFAULT, userId, actor);
    }

    /** As {@link #endByAdmin(String, String)}, practice {@code tenant}'s user: another practice's session is not found. */
    public boolean endByAdmin(org.rounds.broker.store.Tenant tenant, String userId, String actor) throws SQLException {
        Optional<SessionReliability.Ended> ended = sessions.endByAdmin(tenant, userId, actor);
        if (ended.isEmpty()) return false;
        SessionReliability.Ended e = ended.get();
        e.owner().ifPresent(endpoint -> {
            boolean locked = handOver.pushTo(tenant, endpoint, e.pushBroker(),
                    new PushEvent.SessionMoved(UUID.randomUUID().toString(), userId, "", e.generation()));
            log.info("session of user {} ended by admin {}; {} {}", userId, actor, endpoint,
                    locked ? "locked" : "did not acknowledge in time; its viewer is closed");
        });
        return true;
    }

}
