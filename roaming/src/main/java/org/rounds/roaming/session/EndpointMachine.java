package org.rounds.roaming.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rounds.device.ReaderEvent;
import org.rounds.broker.api.IdleLockReport;
import org.rounds.broker.api.KioskRequest;
import org.rounds.broker.api.LogoffRequest;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.PushChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transitions of {@link RoamingEndpoint}, without its threading: every method except the
 * property getters runs on the endpoint thread only, so the state needs no locks. The states are
 * {@link RoamingState}'s; {@link #moveTo} makes only the moves {@link Transitions} lists, and throws
 * on any other (a programming error, which {@link #failed} turns into a lock).
 *
 * <p>Every change of state is made here, so the safety rules stay in one file: whatever is
 * shown is cleared before anything else happens ({@link #lock}, {@link #show}, {@link #pinRequired},
 * {@link #connectionLost}), and IN_SESSION is reached only with the broker's generation
 * ({@link #show}, {@link #reconnected}). The collaborators it owns do the rest and call back into
 * these transitions: {@link SecondFactor} (PIN and password), {@link SessionReconnector} (when
 * to try a dropped desktop again) and {@link DesktopOnScreen} (the screen and its display session).
 */
final class EndpointMachine {
    private static final Logger log = LoggerFactory.getLogger(RoamingEndpoint.class);

    /** Replaced whole when the broker pushes a new profile; read on the endpoint thread. */
    private volatile EndpointProfile profile;
    private final BrokerCalls broker;
    private final DesktopOnScreen onScreen;
    private final Clock clock;
    private final Supplier<String> tapIds;
    private final List<StateListener> listeners;

    // Written only on the endpoint thread; volatile so that the getters on other threads see them.
    private volatile RoamingState state = RoamingState.LOCKED;
    private volatile Optional<String> userId = Optional.empty();
    private volatile Optional<Reason> lastLockReason = Optional.empty();
    private volatile Duration idleLock;
    private final SecondFactor secondFactor;
    private final SessionReconnector reconnector;
    /** The decision the shown (or reconnecting) session came from: user, generation and reconnect token. */
    private volatile TapDecision.Connect shown;
    /** Digest of the badge that opened the session shown (the one waiting for its PIN is {@link SecondFactor}'s). */
    private byte[] sessionBadge = new byte[0];
    /** The reader whose badge opened the session shown, for lock on card removal. */
    private String presentedBy = "";
    /** When the user last touched the endpoint; written by the UI thread, read here. */
    private volatile Instant lastActivity;
    private long generation;
    /** Takes idle-lock reports to the broker without blocking ({@link IdleLockReporter}). */
    private final Consumer<IdleLockReport> idleLocks;

    /** A machine whose idle locks the broker never hears of (tests of the transitions alone). */
    EndpointMachine(EndpointProfile profile, BrokerCalls broker, DesktopDisplay display, Screen screen, Clock clock,
                    Supplier<String> tapIds, List<StateListener> listeners, Consumer<Runnable> inbox, Duration idleLock,
                    BiConsumer<Runnable, Duration> later) {
        this(profile, broker, display, screen, clock, tapIds, listeners, inbox, idleLock, later, report -> {});
    }

    EndpointMachine(EndpointProfile profile, BrokerCalls broker, DesktopDisplay display, Screen screen, Clock clock,
                    Supplier<String> tapIds, List<StateListener> listeners, Consumer<Runnable> inbox, Duration idleLock,
                    BiConsumer<Runnable, Duration> later, Consumer<IdleLockReport> idleLocks) {
        this.idleLocks = idleLocks;
        this.idleLock = idleLock;
        this.secondFactor = new SecondFactor(this, profile, broker, clock, tapIds);
        this.reconnector = new SessionReconnector(this, profile.endpointId(), broker, clock, later);
        this.lastActivity = clock.instant();
        this.profile = profile;
        this.broker = broker;
        this.onScreen = new DesktopOnScreen(profile.endpointId(), display, screen, inbox);
        this.clock = clock;
        this.tapIds = tapIds;
        this.listeners = listeners;
    }

    RoamingState state() {
        return state;
    }

    /** Any thread: the user touched the endpoint. */
    void userActivity() {
        lastActivity = clock.instant();
    }

    /** Locks a session nobody has touched for the idle time. */
    void checkIdle() {
        if (state == RoamingState.PIN_REQUIRED && secondFactor.pinPadAbandoned()) {
            lock(userId, Reason.of(Reason.Kind.PIN_CANCELLED)); // nobody at the PIN pad: do not leave a name on screen
            return;
        }
        if (idleLock.isZero() || profile.policy().kiosk() || state != RoamingState.IN_SESSION) return;
        if (clock.instant().isBefore(lastActivity.plus(idleLock))) return;
        TapDecision.Connect idle = shown;
        lock(userId, Reason.of(Reason.Kind.IDLE_TIMEOUT, describe(idleLock))); // the screen is clear before the broker hears
        if (idle != null && !idle.reconnectToken().isEmpty()) reportIdleLock(idle);
    }

    /** Queues the report (never blocks); a failing reporter costs a log line, never the lock. */
    private void reportIdleLock(TapDecision.Connect idle) {
        try {
            idleLocks.accept(new IdleLockReport(profile.endpointId(), idle.userId(), idle.generation(), idle.reconnectToken(),
                    clock.instant()));
        } catch (RuntimeException e) {
            log.warn("{}: idle lock of user {} not reported: {}", profile.endpointId(), idle.userId(), e.toString());
        }
    }

    private static String describe(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? s / 60 + " min" : s + " s";
    }

    Optional<String> userId() {
        return userId;
    }

    /** The session shown or being reconnected (any thread). */
    Optional<TapDecision.Connect> shownSession() {
        RoamingState s = state;
        return s == RoamingState.IN_SESSION || s == RoamingState.RECONNECTING ? Optional.ofNullable(shown) : Optional.empty();
    }

    Optional<Reason> lastLockReason() {
        return lastLockReason;
    }

    /** The endpoint is closing: leave nothing on screen. */
    void shutdown() {
        if (state != RoamingState.LOCKED) lock(userId, Reason.of(Reason.Kind.ENDPOINT_CLOSING));
    }

    /** An input threw: whatever broke, lock, so no input leaves the machine stuck half-way. */
    void failed(RuntimeException e) {
        log.error("{}: input failed; locking", profile.endpointId(), e);
        lock(userId, Reason.of(Reason.Kind.INTERNAL_ERROR, e.getClass().getSimpleName()));
    }

    /**
     * A kiosk asks for its shared account's desktop: at start, and after every failure or drop,
     * for ever, with {@link SessionReconnector}'s backoff. The screen stays blank
     * (CONNECTING, then RECONNECTING) until the desktop is shown.
     */
    void kioskAttempt() {
        if (!profile.policy().kiosk() || state == RoamingState.IN_SESSION) return;
        if (state == RoamingState.LOCKED) moveTo(RoamingState.IDENTIFYING, Optional.empty(), Reason.of(Reason.Kind.KIOSK_STARTING));
        TapDecision decision;
        try {
            decision = broker.kioskSession(new KioskRequest(profile.endpointId(), tapIds.get()));
        } catch (BrokerException e) {
            kioskRetry(e.getMessage());
            return;
        }
        if (!(decision instanceof TapDecision.Connect connect)) {
            kioskRetry(decision instanceof TapDecision.Denied denied ? denied.reason() : decision.toString());
            return;
        }
        if (show(connect)) {
            reconnector.kioskShown();
        } else {
            kioskRetry(lastLockReason.map(Reason::toString).orElse("desktop unreachable"));
        }
    }

    private void kioskRetry(String why) {
        if (state != RoamingState.RECONNECTING) {
            moveTo(RoamingState.RECONNECTING, Optional.empty(), Reason.of(Reason.Kind.RECONNECTING, why));
        }
        reconnector.kioskRetryLater(why, this::kioskAttempt);
    }

    void badgePresented(ReaderEvent.BadgePresented badge) {
        if (profile.policy().kiosk()) {
            Reason reason = Reason.of(Reason.Kind.KIOSK_NO_BADGES);
            Instant at = clock.instant();
            for (StateListener l : listeners) safely(() -> l.tapIgnored(reason, at));
            return;
        }
        boolean wasInSession = state == RoamingState.IN_SESSION;
        byte[] badgeDigest = digest(badge.credential().id());
        if (wasInSession) {
            boolean sameBadge = java.security.MessageDigest.isEqual(badgeDigest, sessionBadge);
            if (sameBadge && profile.policy().sameUserTap() == EndpointProfile.SameUserTap.NOTHING) {
                ignore(Reason.of(Reason.Kind.TAP_IGNORED, "this endpoint keeps the session on its user's own tap"));
                return;
            }
            if (!sameBadge && !profile.policy().tapOver()) {
                ignore(Reason.of(Reason.Kind.TAP_IGNORED, "another user's tap; the user shown must tap out first"));
                return;
            }
        }
        TapRequest request = new TapRequest(profile.endpointId(), badge.credential().id(), tapIds.get());
        if (!wasInSession) moveTo(RoamingState.IDENTIFYING, Optional.empty(), Reason.of(Reason.Kind.BADGE_PRESENTED));
        presentedBy = badge.reader();

        TapDecision decision;
        try {
            decision = broker.tap(request);
        } catch (BrokerException e) {
            refuse(wasInSession, Reason.of(Reason.Kind.BROKER_UNAVAILABLE, e.getMessage()));
            return;
        }
        log.debug("{}: tap {} decided {}", profile.endpointId(), request.tapId(), decision.getClass().getSimpleName());

        if (decision instanceof TapDecision.Connect connect) {
            show(connect, badgeDigest);
        } else if (decision instanceof TapDecision.PinRequired pin) {
            secondFactor.badgeWaiting(badgeDigest);
            pinRequired(pin);
        } else if (decision instanceof TapDecision.Lock lock) {
            TapDecision.Connect ended = shown;
            lock(Optional.of(lock.userId()), Reason.of(Reason.Kind.TAPPED_OUT, lock.reason()));
            if (profile.policy().sameUserTap() == EndpointProfile.SameUserTap.LOG_OFF && ended != null
                    && ended.userId().equals(lock.userId())) {
                logoff(ended);
            }
        } else if (decision instanceof TapDecision.UnknownBadge) {
            refuse(wasInSession, Reason.of(Reason.Kind.UNKNOWN_BADGE));
        } else if (decision instanceof TapDecision.BadgeEnrolled enrolled) {
            // tap to enrol: the badge is now theirs; no session is shown (they tap again to sign in)
            refuse(wasInSession, Reason.of(Reason.Kind.BADGE_ENROLLED, enrolled.displayName()));
        } else if (decision instanceof TapDecision.Denied denied) {
            refuse(wasInSession, denied(denied));
        }
    }

    /** The broker wants the PIN (after a tap, or after a wrong PIN): whatever was shown is cleared (the pad is for the one who tapped). */
    void pinRequired(TapDecision.PinRequired pin) {
        boolean again = state == RoamingState.PIN_REQUIRED || (state == RoamingState.IDENTIFYING && secondFactor.pinPending());
        if (state == RoamingState.IN_SESSION) {
            onScreen.clearAndClose();
            shown = null;
            generation = 0;
        }
        secondFactor.asked(pin);
        moveTo(RoamingState.PIN_REQUIRED, Optional.of(pin.userId()), again
                ? Reason.of(Reason.Kind.WRONG_PIN, String.valueOf(pin.attemptsLeft()))
                : Reason.of(Reason.Kind.PIN_REQUIRED, pin.displayName()));
    }

    /** A PIN or a password was sent: IDENTIFYING while the broker checks it. */
    void checking(Optional<String> user) {
        moveTo(RoamingState.IDENTIFYING, user, Reason.of(Reason.Kind.CHECKING));
    }

    // The PIN pad and the password form are SecondFactor's inputs.
    void enterPin(String pin) { secondFactor.enterPin(pin); }

    void cancelPin() { secondFactor.cancelPin(); }

    void passwordLogin(String user, String password) { secondFactor.passwordLogin(user, password); }

    static Reason denied(TapDecision.Denied d) {
        return d.reason().startsWith("locked out") ? Reason.of(Reason.Kind.LOCKED_OUT, d.reason().substring("locked out ".length()).strip())
                : Reason.of(Reason.Kind.DENIED, d.reason());
    }

    /** A badge left its reader: a profile that locks on card removal (contact cards) locks the session it opened. */
    void badgeRemoved(ReaderEvent.BadgeRemoved removed) {
        if (profile.policy().lockOnCardRemoval() && state == RoamingState.IN_SESSION && removed.reader().equals(presentedBy)) {
            lock(userId, Reason.of(Reason.Kind.CARD_REMOVED));
        }
    }

    /** Ends the user's desktop on the host after the screen is locked (profiles whose own tap logs off). */
    private void logoff(TapDecision.Connect ended) {
        try {
            broker.logoff(new LogoffRequest(profile.endpointId(), ended.userId(), ended.generation(), ended.reconnectToken()));
            log.info("{}: user {} logged off", profile.endpointId(), ended.userId());
        } catch (BrokerException e) {
            log.warn("{}: logoff of user {} failed (the desktop keeps running): {}", profile.endpointId(), ended.userId(), e.getMessage());
        }
    }

    private void ignore(Reason reason) {
        log.info("{}: tap ignored while {} is shown: {}", profile.endpointId(), userId.orElse("-"), reason);
        Instant at = clock.instant();
        for (StateListener l : listeners) safely(() -> l.tapIgnored(reason, at));
    }

    /** A badge id kept only as a digest, in memory, to recognise the same badge; never logged. */
    private static byte[] digest(String credentialId) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(credentialId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tap that shows nothing new: a session shown stays shown; otherwise back to LOCKED. */
    private void refuse(boolean wasInSession, Reason reason) {
        if (wasInSession) {
            ignore(reason);
        } else {
            lock(Optional.empty(), reason);
        }
    }

    /** {@link #show(TapDecision.Connect)}, and once shown, remembers the badge that opened it. */
    void show(TapDecision.Connect connect, byte[] badgeDigest) {
        if (show(connect)) sessionBadge = badgeDigest;
    }

    /** Shows the broker's desktop; a session already shown is cleared and closed first. False when it could not connect (then LOCKED). */
    private boolean show(TapDecision.Connect connect) {
        Optional<String> user = Optional.of(connect.userId());
        if (state == RoamingState.IN_SESSION) {
            String previous = userId.orElse("-");
            onScreen.clearAndClose();
            moveTo(RoamingState.CONNECTING, user, Reason.of(Reason.Kind.TAP_OVER, previous));
        } else {
            moveTo(RoamingState.CONNECTING, user, Reason.of(Reason.Kind.DESKTOP_CONNECTING, connect.displayName()));
        }
        Optional<String> unreachable = onScreen.open(connect.desktop(), this::connectionLost);
        if (unreachable.isPresent()) {
            lock(user, Reason.of(Reason.Kind.DESKTOP_UNREACHABLE, connect.desktop() + ": " + unreachable.get()));
            return false;
        }
        generation = connect.generation();
        shown = connect;
        lastActivity = clock.instant(); // a new session starts its idle time now
        moveTo(RoamingState.IN_SESSION, user, Reason.of(Reason.Kind.CONNECTED, connect.desktop() + " (generation " + generation + ")"));
        return true;
    }

    /** The profile now in force (the broker's latest applied, or the one built with). */
    EndpointProfile profile() {
        return profile;
    }

    /**
     * Puts a new policy in force at once: taps decide with it from the next one, and the idle
     * lock counts against its timeout from the last activity (a shorter one may lock at the next
     * check).
     */
    void applyPolicy(EndpointProfile.Policy policy) {
        profile = new EndpointProfile(profile.endpointId(), profile.kind(), profile.location(), policy);
        idleLock = policy.idleLock();
    }

    /** The idle-lock timeout in force. */
    Duration idleLock() {
        return idleLock;
    }

    void sessionMoved(PushEvent.SessionMoved moved, PushChannel channel) {
        boolean showsThatUser = (state == RoamingState.IN_SESSION || state == RoamingState.RECONNECTING)
                && userId.equals(Optional.of(moved.userId()));
        if (showsThatUser && moved.generation() < generation) {
            log.info("{}: ignored stale session-moved of {} (generation {} < ours {})",
                    profile.endpointId(), moved.userId(), moved.generation(), generation);
            return; // we are the newer owner: acknowledging would claim a blank screen we do not have
        }
        if (showsThatUser) lock(Optional.of(moved.userId()), Reason.of(Reason.Kind.SESSION_MOVED, moved.toEndpoint()));
        // The screen no longer shows that user's session (or never did): say so.
        if (!channel.ack(new PushAck(moved.eventId()))) {
            log.warn("{}: could not acknowledge session-moved {}: push channel down", profile.endpointId(), moved.eventId());
        }
    }

    /** The session shown dropped by itself (an old one's drop never gets here: {@link DesktopOnScreen#open}). */
    private void connectionLost(String reason) {
        if (profile.policy().kiosk()) {
            onScreen.clearAndClose();
            shown = null;
            kioskRetry(reason);
            return;
        }
        TapDecision.Connect lost = shown;
        if (lost == null || lost.reconnectToken().isEmpty()) {
            lock(userId, Reason.of(Reason.Kind.CONNECTION_LOST, reason));
            return;
        }
        onScreen.clearAndClose(); // every state but IN_SESSION shows a blank screen
        shown = lost;
        reconnector.start();
        moveTo(RoamingState.RECONNECTING, Optional.of(lost.userId()), Reason.of(Reason.Kind.RECONNECTING, reason));
        reconnector.attempt();
    }

    /** The session {@link SessionReconnector} is to get back; empty once a tap or a push decided otherwise. */
    Optional<TapDecision.Connect> reconnecting() {
        return state != RoamingState.RECONNECTING || shown == null ? Optional.empty() : Optional.of(shown);
    }

    /** The broker's answer to a reconnect of {@code lost}: shown again (same generation only) or locked; else why to try again. */
    Optional<String> reconnected(TapDecision.Connect lost, TapDecision answer) {
        if (answer instanceof TapDecision.Connect again && again.generation() == lost.generation()) {
            Optional<String> unreachable = onScreen.open(again.desktop(), this::connectionLost);
            if (unreachable.isPresent()) return unreachable;
            shown = again;
            moveTo(RoamingState.IN_SESSION, Optional.of(again.userId()),
                    Reason.of(Reason.Kind.CONNECTED, again.desktop() + " (generation " + generation + ", reconnected)"));
        } else if (answer instanceof TapDecision.Lock lock) {
            lock(Optional.of(lock.userId()), Reason.of(Reason.Kind.SESSION_MOVED, lock.reason()));
        } else if (answer instanceof TapDecision.Denied denied) {
            // The token expired, was revoked by an idle lock, or is not ours: the lock screen says why.
            lock(userId, Reason.of(Reason.Kind.CONNECTION_LOST, denied.reason()));
        } else {
            lock(userId, Reason.of(Reason.Kind.CONNECTION_LOST, "the broker would not give the session back"));
        }
        return Optional.empty();
    }

    /** Clear first, then close, then report: the only way into LOCKED. */
    void lock(Optional<String> user, Reason reason) {
        onScreen.clearAndClose();
        secondFactor.forget();
        sessionBadge = new byte[0];
        lastLockReason = Optional.of(reason);
        generation = 0;
        shown = null;
        moveTo(RoamingState.LOCKED, user, reason);
    }

    private void moveTo(RoamingState to, Optional<String> user, Reason reason) {
        RoamingState from = state;
        Transitions.check(from, to);
        state = to;
        userId = to == RoamingState.LOCKED ? Optional.empty() : user; // LOCKED shows nobody
        Transition t = new Transition(from, to, user, reason, clock.instant());
        log.info("{}: {} -> {} user={} ({})", profile.endpointId(), from, to, user.orElse("-"), reason);
        for (StateListener l : listeners) safely(() -> l.transitioned(t));
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("{}: state listener threw; ignored", profile.endpointId(), e);
        }
    }
}
