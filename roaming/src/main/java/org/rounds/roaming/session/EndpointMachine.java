package org.rounds.roaming.session;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rounds.device.ReaderEvent;
import org.rounds.roaming.api.KioskRequest;
import org.rounds.roaming.api.LogoffRequest;
import org.rounds.roaming.api.PasswordLogin;
import org.rounds.roaming.api.PinEntry;
import org.rounds.roaming.api.PushAck;
import org.rounds.roaming.api.PushEvent;
import org.rounds.roaming.api.ReconnectRequest;
import org.rounds.roaming.api.TapDecision;
import org.rounds.roaming.api.TapRequest;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.PushChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transitions of {@link RoamingEndpoint}, without its threading: every method except the
 * property getters runs on the endpoint thread only, so the state needs no locks. Issue 8's
 * states (identifying, PIN, reconnecting) are added here.
 */
final class EndpointMachine {
    private static final Logger log = LoggerFactory.getLogger(RoamingEndpoint.class);

    private final EndpointProfile profile;
    private final BrokerCalls broker;
    private final DesktopDisplay display;
    private final Screen screen;
    private final Clock clock;
    private final Supplier<String> tapIds;
    private final List<StateListener> listeners;
    /** Queues an input on the endpoint thread (for display sessions reporting from their own threads). */
    private final Consumer<Runnable> inbox;

    // Written only on the endpoint thread; volatile so that the getters on other threads see them.
    private volatile RoamingState state = RoamingState.LOCKED;
    private volatile Optional<String> userId = Optional.empty();
    private volatile Optional<Reason> lastLockReason = Optional.empty();
    private final Duration idleLock;
    /** Runs an input on the endpoint thread after a delay (reconnect attempts). */
    private final java.util.function.BiConsumer<Runnable, Duration> later;
    /** The decision the shown (or reconnecting) session came from: user, generation and reconnect token. */
    private volatile TapDecision.Connect shown;
    private Instant reconnectUntil;
    private int reconnectAttempts;
    static final Duration RECONNECT_FOR = Duration.ofSeconds(180);
    private static final long[] RECONNECT_DELAYS_MS = {0, 500, 1000, 2000, 4000, 8000, 10_000};
    private static final long[] KIOSK_RETRY_MS = {500, 1000, 2000, 5000, 10_000};
    private int kioskAttempts;
    /** The PIN request the PIN pad answers, while PIN_REQUIRED (and IDENTIFYING after a PIN). */
    private TapDecision.PinRequired pendingPin;
    private Instant pinAskedAt = Instant.EPOCH;
    static final Duration PIN_PAD_TIMEOUT = Duration.ofSeconds(60);
    /** Digests of the badge that opened the session shown, and of the one waiting for its PIN. */
    private byte[] sessionBadge = new byte[0];
    private byte[] pendingBadge = new byte[0];
    /** The reader whose badge opened the session shown, for lock on card removal. */
    private String presentedBy = "";
    /** When the user last touched the endpoint; written by the UI thread, read here. */
    private volatile Instant lastActivity;
    private long generation;
    private DisplaySession session;
    /** Identifies the current display session, so a late "connection lost" of an old one is ignored. */
    private Object sessionToken;

    EndpointMachine(EndpointProfile profile, BrokerCalls broker, DesktopDisplay display, Screen screen, Clock clock,
                    Supplier<String> tapIds, List<StateListener> listeners, Consumer<Runnable> inbox, Duration idleLock,
                    java.util.function.BiConsumer<Runnable, Duration> later) {
        this.idleLock = idleLock;
        this.later = later;
        this.lastActivity = clock.instant();
        this.profile = profile;
        this.broker = broker;
        this.display = display;
        this.screen = screen;
        this.clock = clock;
        this.tapIds = tapIds;
        this.listeners = listeners;
        this.inbox = inbox;
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
        if (state == RoamingState.PIN_REQUIRED && !clock.instant().isBefore(pinAskedAt.plus(PIN_PAD_TIMEOUT))) {
            lock(userId, Reason.of(Reason.Kind.PIN_CANCELLED)); // nobody at the PIN pad: do not leave a name on screen
            return;
        }
        if (idleLock.isZero() || profile.policy().kiosk() || state != RoamingState.IN_SESSION) return;
        if (clock.instant().isBefore(lastActivity.plus(idleLock))) return;
        lock(userId, Reason.of(Reason.Kind.IDLE_TIMEOUT, describe(idleLock)));
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
     * for ever, with backoff up to {@link #KIOSK_RETRY_MS}'s last step. The screen stays blank
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
            kioskAttempts = 0;
        } else {
            kioskRetry(lastLockReason.map(Reason::toString).orElse("desktop unreachable"));
        }
    }

    private void kioskRetry(String why) {
        if (state != RoamingState.RECONNECTING) {
            moveTo(RoamingState.RECONNECTING, Optional.empty(), Reason.of(Reason.Kind.RECONNECTING, why));
        }
        long delay = KIOSK_RETRY_MS[Math.min(kioskAttempts++, KIOSK_RETRY_MS.length - 1)];
        log.info("{}: kiosk desktop not shown ({}); next try in {} ms", profile.endpointId(), why, delay);
        later.accept(this::kioskAttempt, Duration.ofMillis(delay));
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
            if (show(connect)) sessionBadge = badgeDigest;
        } else if (decision instanceof TapDecision.PinRequired pin) {
            pendingBadge = badgeDigest;
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
        } else if (decision instanceof TapDecision.Denied denied) {
            refuse(wasInSession, denied(denied));
        }
    }

    /** The broker wants the PIN: whatever was shown is cleared (the PIN pad is for the one who tapped). */
    private void pinRequired(TapDecision.PinRequired pin) {
        boolean again = state == RoamingState.PIN_REQUIRED || (state == RoamingState.IDENTIFYING && pendingPin != null);
        if (state == RoamingState.IN_SESSION) {
            clearAndClose();
            shown = null;
            generation = 0;
        }
        pendingPin = pin;
        pinAskedAt = clock.instant();
        moveTo(RoamingState.PIN_REQUIRED, Optional.of(pin.userId()), again
                ? Reason.of(Reason.Kind.WRONG_PIN, String.valueOf(pin.attemptsLeft()))
                : Reason.of(Reason.Kind.PIN_REQUIRED, pin.displayName()));
    }

    /** The PIN typed on the pad; ignored unless the PIN pad is shown. */
    void enterPin(String pin) {
        TapDecision.PinRequired asked = pendingPin;
        if (state != RoamingState.PIN_REQUIRED || asked == null) return;
        moveTo(RoamingState.IDENTIFYING, Optional.of(asked.userId()), Reason.of(Reason.Kind.CHECKING));
        TapDecision decision;
        try {
            decision = broker.enterPin(new PinEntry(profile.endpointId(), asked.pinToken(), pin, tapIds.get()));
        } catch (BrokerException e) {
            pendingPin = null;
            lock(Optional.of(asked.userId()), Reason.of(Reason.Kind.BROKER_UNAVAILABLE, e.getMessage()));
            return;
        }
        answered(decision, Reason.Kind.DENIED);
    }

    /** The user left the PIN pad. */
    void cancelPin() {
        if (state != RoamingState.PIN_REQUIRED) return;
        lock(userId, Reason.of(Reason.Kind.PIN_CANCELLED));
    }

    /** Login with user id and password, from the lock screen. */
    void passwordLogin(String user, String password) {
        if (state != RoamingState.LOCKED || profile.policy().kiosk()) return;
        pendingBadge = new byte[0]; // no badge opened this session: any badge tap is another user's
        moveTo(RoamingState.IDENTIFYING, Optional.empty(), Reason.of(Reason.Kind.CHECKING));
        TapDecision decision;
        try {
            decision = broker.passwordLogin(new PasswordLogin(profile.endpointId(), user, password, tapIds.get()));
        } catch (BrokerException e) {
            lock(Optional.empty(), Reason.of(Reason.Kind.BROKER_UNAVAILABLE, e.getMessage()));
            return;
        }
        answered(decision, Reason.Kind.WRONG_PASSWORD);
    }

    /** The answer to a PIN or a password: show, ask again, or lock saying why. */
    private void answered(TapDecision decision, Reason.Kind refusal) {
        if (decision instanceof TapDecision.Connect connect) {
            pendingPin = null;
            if (show(connect)) sessionBadge = pendingBadge;
        } else if (decision instanceof TapDecision.PinRequired pin) {
            pinRequired(pin);
        } else {
            pendingPin = null;
            Reason why = !(decision instanceof TapDecision.Denied d) ? Reason.of(Reason.Kind.DENIED, decision.toString())
                    : refusal == Reason.Kind.WRONG_PASSWORD && d.reason().equals("wrong user id or password")
                            ? Reason.of(Reason.Kind.WRONG_PASSWORD) : denied(d);
            lock(Optional.empty(), why);
        }
    }

    private static Reason denied(TapDecision.Denied d) {
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

    /** Shows the broker's desktop; a session already shown is cleared and closed first. False when it could not connect (then LOCKED). */
    private boolean show(TapDecision.Connect connect) {
        Optional<String> user = Optional.of(connect.userId());
        if (state == RoamingState.IN_SESSION) {
            String previous = userId.orElse("-");
            clearAndClose();
            moveTo(RoamingState.CONNECTING, user, Reason.of(Reason.Kind.TAP_OVER, previous));
        } else {
            moveTo(RoamingState.CONNECTING, user, Reason.of(Reason.Kind.DESKTOP_CONNECTING, connect.displayName()));
        }
        Object token = new Object();
        sessionToken = token;
        try {
            session = display.connect(connect.desktop(), reason -> inbox.accept(() -> connectionLost(token, reason)));
        } catch (IOException | RuntimeException e) {
            sessionToken = null;
            lock(user, Reason.of(Reason.Kind.DESKTOP_UNREACHABLE, connect.desktop() + ": " + oneLine(e)));
            return false;
        }
        generation = connect.generation();
        shown = connect;
        lastActivity = clock.instant(); // a new session starts its idle time now
        moveTo(RoamingState.IN_SESSION, user, Reason.of(Reason.Kind.CONNECTED, connect.desktop() + " (generation " + generation + ")"));
        return true;
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

    private void connectionLost(Object token, String reason) {
        if (token != sessionToken) return; // an old session we already closed
        if (profile.policy().kiosk()) {
            clearAndClose();
            shown = null;
            kioskRetry(reason);
            return;
        }
        TapDecision.Connect lost = shown;
        if (lost == null || lost.reconnectToken().isEmpty()) {
            lock(userId, Reason.of(Reason.Kind.CONNECTION_LOST, reason));
            return;
        }
        clearAndClose(); // every state but IN_SESSION shows a blank screen
        shown = lost;
        reconnectUntil = clock.instant().plus(RECONNECT_FOR);
        reconnectAttempts = 0;
        moveTo(RoamingState.RECONNECTING, Optional.of(lost.userId()), Reason.of(Reason.Kind.RECONNECTING, reason));
        reconnectAttempt();
    }

    /** One try to get the dropped session back; schedules the next with backoff until the time is up. */
    private void reconnectAttempt() {
        if (state != RoamingState.RECONNECTING || shown == null) return; // a tap or a push decided otherwise
        TapDecision.Connect lost = shown;
        TapDecision answer;
        try {
            answer = broker.reconnect(new ReconnectRequest(profile.endpointId(), lost.userId(), lost.generation(),
                    lost.reconnectToken()));
        } catch (org.rounds.roaming.client.BrokerRejectedException e) {
            lock(userId, Reason.of(Reason.Kind.CONNECTION_LOST, e.getMessage()));
            return;
        } catch (BrokerException e) {
            retryReconnect(e.getMessage());
            return;
        }
        if (answer instanceof TapDecision.Connect again && again.generation() == lost.generation()) {
            Object token = new Object();
            sessionToken = token;
            try {
                session = display.connect(again.desktop(), reason -> inbox.accept(() -> connectionLost(token, reason)));
            } catch (IOException | RuntimeException e) {
                sessionToken = null;
                retryReconnect(oneLine(e));
                return;
            }
            shown = again;
            moveTo(RoamingState.IN_SESSION, Optional.of(again.userId()),
                    Reason.of(Reason.Kind.CONNECTED, again.desktop() + " (generation " + generation + ", reconnected)"));
        } else if (answer instanceof TapDecision.Lock lock) {
            lock(Optional.of(lock.userId()), Reason.of(Reason.Kind.SESSION_MOVED, lock.reason()));
        } else {
            lock(userId, Reason.of(Reason.Kind.CONNECTION_LOST, "the broker would not give the session back"));
        }
    }

    private void retryReconnect(String why) {
        if (!clock.instant().isBefore(reconnectUntil)) {
            lock(userId, Reason.of(Reason.Kind.CONNECTION_LOST, "no reconnect within " + RECONNECT_FOR.toSeconds() + " s: " + why));
            return;
        }
        long delay = RECONNECT_DELAYS_MS[Math.min(++reconnectAttempts, RECONNECT_DELAYS_MS.length - 1)];
        log.info("{}: reconnect attempt {} failed ({}); next in {} ms", profile.endpointId(), reconnectAttempts, why, delay);
        later.accept(this::reconnectAttempt, Duration.ofMillis(delay));
    }

    /** Clear first, then close, then report: the only way into LOCKED. */
    void lock(Optional<String> user, Reason reason) {
        clearAndClose();
        pendingPin = null;
        sessionBadge = new byte[0];
        lastLockReason = Optional.of(reason);
        generation = 0;
        shown = null;
        moveTo(RoamingState.LOCKED, user, reason);
    }

    private void clearAndClose() {
        try {
            screen.clear();
        } catch (RuntimeException e) {
            log.error("{}: clearing the screen failed", profile.endpointId(), e);
        }
        DisplaySession s = session;
        session = null;
        sessionToken = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("{}: closing the display session failed: {}", profile.endpointId(), e.toString());
            }
        }
    }

    private void moveTo(RoamingState to, Optional<String> user, Reason reason) {
        RoamingState from = state;
        state = to;
        userId = to == RoamingState.LOCKED ? Optional.empty() : user; // LOCKED shows nobody
        Transition t = new Transition(from, to, user, reason, clock.instant());
        log.info("{}: {} -> {} user={} ({})", profile.endpointId(), from, to, user.orElse("-"), reason);
        for (StateListener l : listeners) safely(() -> l.transitioned(t));
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) return e.getClass().getSimpleName();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl).strip();
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("{}: state listener threw; ignored", profile.endpointId(), e);
        }
    }
}
