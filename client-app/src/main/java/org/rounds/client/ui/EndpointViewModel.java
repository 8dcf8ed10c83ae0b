package org.rounds.client.ui;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingEndpoint;
import org.rounds.roaming.session.RoamingState;
import org.rounds.roaming.session.StateListener;
import org.rounds.roaming.session.Transition;

/**
 * What one endpoint's screen shows, derived from its roaming state machine: which of the
 * desktop, the lock screen and the PIN pad is up, the PIN pad's title and error, and the lock
 * screen's line (why it locked and when, a reconnect countdown, or a notice). The view binds to
 * these read-only properties and calls the commands; it derives nothing itself.
 *
 * <p>No controls here (only {@code javafx.beans}), so it runs in a unit test without a stage.
 * The properties change on the FX thread only: the machine's listener, called on the endpoint
 * thread, crosses in one place ({@link FxThread}, or the executor a test passes).
 */
final class EndpointViewModel {

    /** The lock screen's line: one of three kinds, each shown its own way by {@link LockView}. */
    sealed interface LockMessage {
        /** Why the endpoint locked and when ("Session moved to cart-2 — Locked at 14:05"). */
        record Locked(Reason reason, Instant at) implements LockMessage {}

        /** A notice with the time left until {@code until}, counting down (a dropped session being tried again). */
        record Countdown(String text, Instant until) implements LockMessage {}

        /** One line, e.g. a refused tap or "Checking…"; empty says nothing. */
        record Notice(String text) implements LockMessage {}
    }

    private final RoamingEndpoint endpoint;
    private final Language language;
    private final boolean kiosk;
    /** The texts last shown, as functions of the language: rendered again when it changes. */
    private Function<Messages, String> pinTitleText = m -> "";
    private Function<Messages, String> pinErrorText = m -> "";
    private Function<Messages, LockMessage> lockMessageText = m -> new LockMessage.Notice("");

    // Properties

    private final ReadOnlyObjectWrapper<RoamingState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyBooleanWrapper lockShown = new ReadOnlyBooleanWrapper(this, "lockShown");
    private final ReadOnlyBooleanWrapper pinPadShown = new ReadOnlyBooleanWrapper(this, "pinPadShown");
    private final ReadOnlyStringWrapper pinTitle = new ReadOnlyStringWrapper(this, "pinTitle", "");
    private final ReadOnlyStringWrapper pinError = new ReadOnlyStringWrapper(this, "pinError", "");
    private final ReadOnlyIntegerWrapper pinAsks = new ReadOnlyIntegerWrapper(this, "pinAsks");
    private final ReadOnlyObjectWrapper<LockMessage> lockMessage =
            new ReadOnlyObjectWrapper<>(this, "lockMessage", new LockMessage.Notice(""));
    private final ReadOnlyIntegerWrapper locks = new ReadOnlyIntegerWrapper(this, "locks");

    /** The model of {@code endpoint}'s screen; call on the FX thread, before {@link #start()}. */
    EndpointViewModel(RoamingEndpoint endpoint, Language language) {
        this(endpoint, language, FxThread::run);
    }

    EndpointViewModel(RoamingEndpoint endpoint, Messages messages, Executor fxThread) {
        this(endpoint, new Language(messages), fxThread);
    }

    /**
     * {@code fxThread} runs each change of the properties; tests pass one they drain themselves.
     * The texts follow {@code language}: a change renders the PIN pad's and the lock screen's again.
     */
    EndpointViewModel(RoamingEndpoint endpoint, Language language, Executor fxThread) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.language = Objects.requireNonNull(language, "language");
        language.messagesProperty().addListener((o, was, is) -> render());
        this.kiosk = endpoint.profile().policy().kiosk();
        endpoint.addListener(new StateListener() {
            @Override public void transitioned(Transition t) {
                fxThread.execute(() -> show(t));
            }

            @Override public void tapIgnored(Reason reason, Instant at) {
                fxThread.execute(() -> showLockMessage(m -> new LockMessage.Notice(m.reason(reason))));
            }
        });
        // Read after the listener is added: a transition in between is queued behind this and shown after it.
        RoamingState now = endpoint.state();
        state.set(now);
        lockShown.set(now != RoamingState.IN_SESSION);
    }

    /** The machine's state, for the header's label. */
    ReadOnlyObjectProperty<RoamingState> stateProperty() { return state.getReadOnlyProperty(); }

    /** The lock screen covers the endpoint: every state but IN_SESSION, unless the PIN pad is up instead. */
    ReadOnlyBooleanProperty lockShownProperty() { return lockShown.getReadOnlyProperty(); }

    /** The PIN pad is up: while the broker wants a PIN, and while it checks the PIN sent from the pad. */
    ReadOnlyBooleanProperty pinPadShownProperty() { return pinPadShown.getReadOnlyProperty(); }

    /** The PIN pad's title naming the user ("Enter your PIN, Dr. Louis Martin"); kept across wrong PINs. */
    ReadOnlyStringProperty pinTitleProperty() { return pinTitle.getReadOnlyProperty(); }

    /** Why the PIN is asked again ("Wrong PIN: 4 attempts left"); empty on the first ask. */
    ReadOnlyStringProperty pinErrorProperty() { return pinError.getReadOnlyProperty(); }

    /**
     * How many times a PIN was asked. Each ask empties the pad and gives it the focus, even when
     * its title and error read as before, so the view needs the ask itself, not only the texts.
     * Changes after {@link #pinTitleProperty()} and {@link #pinErrorProperty()}.
     */
    ReadOnlyIntegerProperty pinAsksProperty() { return pinAsks.getReadOnlyProperty(); }

    /** The lock screen's line; an IN_SESSION transition leaves it as it was (the lock is hidden then). */
    ReadOnlyObjectProperty<LockMessage> lockMessageProperty() { return lockMessage.getReadOnlyProperty(); }

    /**
     * How many times the endpoint locked. Each lock lets go of the session (held keys, clipboard,
     * on-screen keyboard), LOCKED after LOCKED too, so the view needs the lock, not only the state.
     */
    ReadOnlyIntegerProperty locksProperty() { return locks.getReadOnlyProperty(); }

    /** Kiosks show no password login and no reconnect countdown (they try for ever). */
    boolean kiosk() { return kiosk; }

    // Commands (any thread: the machine queues them)

    /** The view is wired: a kiosk may now connect to its shared desktop. */
    void start() { endpoint.start(); }

    /** The PIN typed on the pad; never kept here. */
    void enterPin(String pin) { endpoint.enterPin(pin); }

    /** The user left the PIN pad: the endpoint locks. */
    void cancelPin() { endpoint.cancelPin(); }

    /** "Forgot your badge?": user id and password from the lock screen. */
    void passwordLogin(String userId, String password) { endpoint.passwordLogin(userId, password); }

    /** Any key, pointer or touch event: the idle lock starts counting again. */
    void userActivity() { endpoint.userActivity(); }

    // Derivation (FX thread)

    private void show(Transition t) {
        RoamingState to = t.to();
        Reason why = t.reason();
        boolean asked = to == RoamingState.PIN_REQUIRED;
        if (asked) {
            // A wrong PIN's reason names the attempts left, not the user: the first ask's title stays.
            if (why.kind() == Reason.Kind.PIN_REQUIRED) pinTitleText = m -> m.text("pin.title", why.detail());
            pinErrorText = why.kind() == Reason.Kind.WRONG_PIN ? m -> m.reason(why) : m -> "";
            pinTitle.set(pinTitleText.apply(language.messages()));
            pinError.set(pinErrorText.apply(language.messages()));
            pinAsks.set(pinAsks.get() + 1);
        }
        // The pad stays up while the PIN it sent is checked; IDENTIFYING after a tap keeps the lock screen.
        boolean pad = asked || (to == RoamingState.IDENTIFYING && pinPadShown.get());
        pinPadShown.set(pad);
        lockShown.set(to != RoamingState.IN_SESSION && !pad);
        if (to == RoamingState.LOCKED) {
            showLockMessage(m -> new LockMessage.Locked(why, t.at()));
            locks.set(locks.get() + 1);
        } else if (to == RoamingState.RECONNECTING && !kiosk) {
            showLockMessage(m -> new LockMessage.Countdown(m.reason(why), t.at().plus(RoamingEndpoint.RECONNECT_FOR)));
        } else if (to != RoamingState.IN_SESSION) {
            showLockMessage(m -> new LockMessage.Notice(m.reason(why)));
        }
        state.set(to); // last: a listener on the state reads the other properties already updated
    }

    private void showLockMessage(Function<Messages, LockMessage> text) {
        lockMessageText = text;
        lockMessage.set(text.apply(language.messages()));
    }

    /** The language changed: every text shown is rendered in the new one (a Locked line is the view's to render). */
    private void render() {
        Messages m = language.messages();
        pinTitle.set(pinTitleText.apply(m));
        pinError.set(pinErrorText.apply(m));
        lockMessage.set(lockMessageText.apply(m));
    }
}
