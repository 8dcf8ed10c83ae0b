package org.rounds.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.KioskRequest;
import org.rounds.broker.api.PinEntry;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.client.ui.EndpointViewModel.LockMessage;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.BrokerUnavailableException;
import org.rounds.roaming.session.DisplaySession;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingEndpoint;
import org.rounds.roaming.session.RoamingState;

/**
 * The screen's state as the model derives it from a real roaming state machine, with a scripted
 * broker and display. No stage, no toolkit: the test thread plays the FX thread and applies
 * each transition the machine reports, one at a time, so every step in between can be checked.
 */
@Tag("unit")
@Timeout(20)
class EndpointViewModelTest {
    private static final Instant AT = Instant.parse("2026-11-23T14:05:00Z");
    private static final String DOCTOR = "Dr. Louis Martin";

    private final BlockingQueue<Runnable> fxThread = new LinkedBlockingQueue<>();
    private final ScriptedBroker broker = new ScriptedBroker();
    private volatile DisplaySession.Listener shown;
    private RoamingEndpoint endpoint;
    private EndpointViewModel model;

    @AfterEach
    void close() {
        if (endpoint != null) endpoint.close();
    }

    @Test
    void aTapThatNeedsAPinShowsThePadNamingTheUserAndAWrongPinKeepsItWithTheError() throws Exception {
        model = model(EndpointProfile.Kind.CART);
        assertShows(RoamingState.LOCKED, true, false);

        tap("0451A2B3C4", new TapDecision.PinRequired("doctor", DOCTOR, "tok-1", 5));
        step(RoamingState.IDENTIFYING);
        assertShows(RoamingState.IDENTIFYING, true, false);   // a tap's check keeps the lock screen
        assertThat(model.lockMessageProperty().get()).isEqualTo(new LockMessage.Notice("Badge presented"));
        step(RoamingState.PIN_REQUIRED);
        assertShows(RoamingState.PIN_REQUIRED, false, true);
        assertThat(model.pinTitleProperty().get()).isEqualTo("Enter your PIN, " + DOCTOR);
        assertThat(model.pinErrorProperty().get()).isEmpty();
        assertThat(model.pinAsksProperty().get()).isEqualTo(1);

        broker.then(new TapDecision.PinRequired("doctor", DOCTOR, "tok-1", 4));
        model.enterPin("1111");
        step(RoamingState.IDENTIFYING);
        assertShows(RoamingState.IDENTIFYING, false, true);   // the pad waits while its PIN is checked
        step(RoamingState.PIN_REQUIRED);
        assertShows(RoamingState.PIN_REQUIRED, false, true);
        assertThat(model.pinTitleProperty().get()).as("the title still names the user, not the attempts")
                .isEqualTo("Enter your PIN, " + DOCTOR);
        assertThat(model.pinErrorProperty().get()).isEqualTo("Wrong PIN: 4 attempts left");
        assertThat(model.pinAsksProperty().get()).isEqualTo(2);
        assertThat(model.locksProperty().get()).isZero();
    }

    @Test
    void leavingThePinPadLocksWithTheReasonAndTheTime() throws Exception {
        model = model(EndpointProfile.Kind.CART);
        tap("0451A2B3C4", new TapDecision.PinRequired("doctor", DOCTOR, "tok-1", 5));
        step(RoamingState.IDENTIFYING);
        step(RoamingState.PIN_REQUIRED);

        model.cancelPin();
        step(RoamingState.LOCKED);
        assertShows(RoamingState.LOCKED, true, false);
        assertThat(model.lockMessageProperty().get()).isEqualTo(new LockMessage.Locked(Reason.of(Reason.Kind.PIN_CANCELLED), AT));
        assertThat(model.locksProperty().get()).isEqualTo(1);
    }

    @Test
    void aSessionHidesLockAndPadAndADroppedOneCountsDownOnTheLockScreen() throws Exception {
        model = model(EndpointProfile.Kind.CART);
        showNurse();
        LockMessage beforeSession = model.lockMessageProperty().get();
        assertThat(beforeSession).isEqualTo(new LockMessage.Notice("Opening the desktop of Nurse Anne…"));

        step(RoamingState.IN_SESSION);
        assertShows(RoamingState.IN_SESSION, false, false);
        assertThat(model.lockMessageProperty().get()).as("a session leaves the hidden lock line alone").isSameAs(beforeSession);

        shown.connectionLost("peer closed");
        step(RoamingState.RECONNECTING);
        assertShows(RoamingState.RECONNECTING, true, false);
        assertThat(model.lockMessageProperty().get())
                .isEqualTo(new LockMessage.Countdown("Reconnecting to your desktop…", AT.plus(RoamingEndpoint.RECONNECT_FOR)));
        assertThat(model.locksProperty().get()).isZero();
    }

    @Test
    void aKioskTryingAgainShowsANoticeNotACountdown() throws Exception {
        model = model(EndpointProfile.Kind.KIOSK);
        assertThat(model.kiosk()).isTrue();
        model.start();
        step(RoamingState.IDENTIFYING);
        assertThat(model.lockMessageProperty().get()).isEqualTo(new LockMessage.Notice("Connecting to the kiosk desktop…"));
        step(RoamingState.RECONNECTING);
        assertShows(RoamingState.RECONNECTING, true, false);
        assertThat(model.lockMessageProperty().get()).isEqualTo(new LockMessage.Notice("Reconnecting to your desktop…"));
    }

    @Test
    void anIgnoredTapShowsItsNoticeAndLeavesTheSessionShown() throws Exception {
        model = model(EndpointProfile.Kind.CART);
        showNurse();
        step(RoamingState.IN_SESSION);

        tap("0999FFFF00", new TapDecision.UnknownBadge());
        runNext();
        assertShows(RoamingState.IN_SESSION, false, false);
        assertThat(model.lockMessageProperty().get()).isEqualTo(new LockMessage.Notice("This badge is not enrolled"));
    }

    @Test
    void aNewLanguageRendersThePinPadAndTheLockLineAgainWithoutAnyTransition() throws Exception {
        Language language = Language.of("en");
        model = model(EndpointProfile.Kind.CART, language);
        tap("0451A2B3C4", new TapDecision.PinRequired("doctor", DOCTOR, "tok-1", 5));
        step(RoamingState.IDENTIFYING);
        assertThat(model.lockMessageProperty().get()).isEqualTo(new LockMessage.Notice("Badge presented"));
        step(RoamingState.PIN_REQUIRED);
        broker.then(new TapDecision.PinRequired("doctor", DOCTOR, "tok-1", 4));
        model.enterPin("1111");
        step(RoamingState.IDENTIFYING);
        step(RoamingState.PIN_REQUIRED);
        assertThat(model.pinErrorProperty().get()).startsWith("Wrong PIN: ");
        int asks = model.pinAsksProperty().get();

        assertThat(language.use("fr")).isTrue();   // a profile pushed from the console
        assertThat(model.pinTitleProperty().get()).isEqualTo("Saisissez votre code PIN, " + DOCTOR);
        assertThat(model.pinErrorProperty().get()).startsWith("Code PIN erroné : ");
        assertThat(model.lockMessageProperty().get()).isEqualTo(new LockMessage.Notice("Code PIN erroné : 4 essais restants"));
        assertThat(model.pinAsksProperty().get()).as("the same ask, not a new one").isEqualTo(asks);
        assertShows(RoamingState.PIN_REQUIRED, false, true);
        assertThat(fxThread).as("no transition").isEmpty();

        assertThat(language.use("de")).as("a language not shipped changes nothing").isFalse();
        assertThat(language.use("fr")).as("the language in force changes nothing").isFalse();
        assertThat(language.use("en")).isTrue();
        assertThat(model.pinTitleProperty().get()).isEqualTo("Enter your PIN, " + DOCTOR);
    }

    // Helpers

    private EndpointViewModel model(EndpointProfile.Kind kind) {
        return model(kind, Language.of("en"));
    }

    private EndpointViewModel model(EndpointProfile.Kind kind, Language language) {
        endpoint = RoamingEndpoint.builder().profile(new EndpointProfile("cart-1", kind, "Ward 4"))
                .broker(broker)
                .display((address, listener) -> {
                    shown = listener;
                    return () -> {};
                })
                .screen(() -> {})
                .clock(Clock.fixed(AT, ZoneOffset.UTC))
                .idleLock(Duration.ZERO)
                .build();
        return new EndpointViewModel(endpoint, language, fxThread::add);
    }

    /** The nurse's tap, answered with her desktop (reconnectable); stops at CONNECTING. */
    private void showNurse() throws InterruptedException {
        tap("0451A2B3C4", new TapDecision.Connect("nurse", "Nurse Anne", new DesktopAddress("10.0.0.5", 5901, "otp"), 1, "token-1"));
        step(RoamingState.IDENTIFYING);
        step(RoamingState.CONNECTING);
    }

    private void tap(String badge, Object answer) {
        broker.then(answer);
        endpoint.onEvent(new ReaderEvent.BadgePresented("sim:cart-1", new Credential(Credential.Technology.SIMULATED, null, badge), AT));
    }

    /** Applies the next change the machine reported, which must be a transition to {@code to}. */
    private void step(RoamingState to) throws InterruptedException {
        runNext();
        assertThat(model.stateProperty().get()).isEqualTo(to);
    }

    private void runNext() throws InterruptedException {
        Runnable change = fxThread.poll(10, TimeUnit.SECONDS);
        assertThat(change).as("a change from the endpoint within 10 s").isNotNull();
        change.run();
    }

    private void assertShows(RoamingState state, boolean lock, boolean pinPad) {
        assertThat(model.stateProperty().get()).as("state").isEqualTo(state);
        assertThat(model.lockShownProperty().get()).as("lock shown in " + state).isEqualTo(lock);
        assertThat(model.pinPadShownProperty().get()).as("PIN pad shown in " + state).isEqualTo(pinPad);
    }

    /** Answers taps and PINs from one script; kiosk requests and reconnects find it unreachable (tried again). */
    private static final class ScriptedBroker implements BrokerCalls {
        private final Deque<Object> answers = new ArrayDeque<>();

        synchronized void then(Object answer) {
            answers.add(answer);
        }

        @Override public TapDecision tap(TapRequest request) throws BrokerException { return next(); }

        @Override public TapDecision enterPin(PinEntry entry) throws BrokerException { return next(); }

        @Override
        public TapDecision kioskSession(KioskRequest request) throws BrokerException {
            throw new BrokerUnavailableException("broker-a", "connection refused", null);
        }

        @Override
        public TapDecision reconnect(ReconnectRequest request) throws BrokerException {
            throw new BrokerUnavailableException("broker-a", "connection refused", null);
        }

        private synchronized TapDecision next() throws BrokerException {
            Object answer = answers.poll();
            if (answer == null) throw new AssertionError("no answer scripted");
            if (answer instanceof BrokerException e) throw e;
            return (TapDecision) answer;
        }
    }
}
