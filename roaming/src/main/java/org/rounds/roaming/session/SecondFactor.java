package org.rounds.roaming.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.rounds.broker.api.PasswordLogin;
import org.rounds.broker.api.PinEntry;
import org.rounds.broker.api.TapDecision;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerException;

/**
 * What the user types instead of, or after, a badge: the PIN the broker asked for after a tap
 * (outside the grace period) and password login from the lock screen. This class remembers the
 * PIN request and sends what was typed to the broker; it changes the state only through the
 * transitions of the {@link EndpointMachine} that owns it (checking, the PIN pad, showing the
 * desktop, locking). PINs and passwords are never logged. Endpoint thread only.
 */
final class SecondFactor {
    /** Nobody answering the PIN pad for this long locks: a name must not stay on screen. */
    static final Duration PIN_PAD_TIMEOUT = Duration.ofSeconds(60);

    private final EndpointMachine machine;
    private final EndpointProfile profile;
    private final BrokerCalls broker;
    private final Clock clock;
    private final Supplier<String> tapIds;
    /** The PIN request the PIN pad answers, while PIN_REQUIRED (and IDENTIFYING after a PIN). */
    private TapDecision.PinRequired pendingPin;
    private Instant pinAskedAt = Instant.EPOCH;
    /** Digest of the badge waiting for its PIN; empty for a password login. */
    private byte[] pendingBadge = new byte[0];

    SecondFactor(EndpointMachine machine, EndpointProfile profile, BrokerCalls broker, Clock clock, Supplier<String> tapIds) {
        this.machine = machine;
        this.profile = profile;
        this.broker = broker;
        this.clock = clock;
        this.tapIds = tapIds;
    }

    /** The badge whose tap the broker answered with a PIN request. */
    void badgeWaiting(byte[] badgeDigest) {
        pendingBadge = badgeDigest;
    }

    /** Whether a PIN was asked and not yet answered, refused or dropped. */
    boolean pinPending() {
        return pendingPin != null;
    }

    /** The PIN pad is shown for this request now. */
    void asked(TapDecision.PinRequired pin) {
        pendingPin = pin;
        pinAskedAt = clock.instant();
    }

    /** Forgets the PIN request (answered, refused, or the endpoint locked). */
    void forget() {
        pendingPin = null;
    }

    /** Whether the PIN pad has waited {@link #PIN_PAD_TIMEOUT} for nobody. */
    boolean pinPadAbandoned() {
        return !clock.instant().isBefore(pinAskedAt.plus(PIN_PAD_TIMEOUT));
    }

    /** The PIN typed on the pad; ignored unless the PIN pad is shown. */
    void enterPin(String pin) {
        TapDecision.PinRequired asked = pendingPin;
        if (machine.state() != RoamingState.PIN_REQUIRED || asked == null) return;
        machine.checking(Optional.of(asked.userId()));
        TapDecision decision;
        try {
            decision = broker.enterPin(new PinEntry(profile.endpointId(), asked.pinToken(), pin, tapIds.get()));
        } catch (BrokerException e) {
            pendingPin = null;
            machine.lock(Optional.of(asked.userId()), Reason.of(Reason.Kind.BROKER_UNAVAILABLE, e.getMessage()));
            return;
        }
        answered(decision, Reason.Kind.DENIED);
    }

    /** The user left the PIN pad. */
    void cancelPin() {
        if (machine.state() != RoamingState.PIN_REQUIRED) return;
        machine.lock(machine.userId(), Reason.of(Reason.Kind.PIN_CANCELLED));
    }

    /** Login with user id and password, from the lock screen. */
    void passwordLogin(String user, String password) {
        if (machine.state() != RoamingState.LOCKED || profile.policy().kiosk()) return;
        pendingBadge = new byte[0]; // no badge opened this session: any badge tap is another user's
        machine.checking(Optional.empty());
        TapDecision decision;
        try {
            decision = broker.passwordLogin(new PasswordLogin(profile.endpointId(), user, password, tapIds.get()));
        } catch (BrokerException e) {
            machine.lock(Optional.empty(), Reason.of(Reason.Kind.BROKER_UNAVAILABLE, e.getMessage()));
            return;
        }
        answered(decision, Reason.Kind.WRONG_PASSWORD);
    }

    /** The answer to a PIN or a password: show, ask again, or lock saying why. */
    private void answered(TapDecision decision, Reason.Kind refusal) {
        if (decision instanceof TapDecision.Connect connect) {
            pendingPin = null;
            machine.show(connect, pendingBadge);
        } else if (decision instanceof TapDecision.PinRequired pin) {
            machine.pinRequired(pin);
        } else {
            pendingPin = null;
            Reason why = !(decision instanceof TapDecision.Denied d) ? Reason.of(Reason.Kind.DENIED, decision.toString())
                    : refusal == Reason.Kind.WRONG_PASSWORD && d.reason().equals("wrong user id or password")
                            ? Reason.of(Reason.Kind.WRONG_PASSWORD) : EndpointMachine.denied(d);
            machine.lock(Optional.empty(), why);
        }
    }
}
