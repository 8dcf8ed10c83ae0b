package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.broker.api.TapDecision;

/** The PIN pad and password login as the state machine runs them. */
@Tag("unit")
@Timeout(20)
class PinAndPasswordTest {
    final IdleLockTest.MovableClock clock = new IdleLockTest.MovableClock();
    final Fakes.CallLog calls = new Fakes.CallLog();
    final Fakes.ScriptedBroker broker = new Fakes.ScriptedBroker(calls);
    final Fakes.FakeDisplay display = new Fakes.FakeDisplay(calls);
    final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
    RoamingEndpoint endpoint;

    RoamingEndpoint build(EndpointProfile profile) {
        endpoint = RoamingEndpoint.builder().profile(profile).broker(broker).display(display)
                .screen(new Fakes.FakeScreen(calls)).clock(clock).idleLock(Duration.ZERO).build();
        endpoint.addListener(t -> {
            calls.add(t.to() + " " + t.reason());
            transitions.add(t);
        });
        return endpoint;
    }

    RoamingEndpoint cart() {
        return build(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, ""));
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    Transition next() throws InterruptedException {
        return Fakes.next(transitions, calls);
    }

    void tap(String reader) {
        endpoint.onEvent(new ReaderEvent.BadgePresented(reader, new Credential(Credential.Technology.SIMULATED, null, "0451A2B3C4"),
                clock.instant()));
    }

    static TapDecision.PinRequired pin(int left) {
        return new TapDecision.PinRequired("doctor", "Dr. Louis Martin", "tok-1", left);
    }

    @Test
    void aTapAsksForThePinAWrongOneAsksAgainAndTheRightOneShowsTheDesktop() throws Exception {
        cart();
        broker.then(pin(5)).then(pin(4)).then(Fakes.connect("doctor", "10.0.0.7", 5901, 1));
        tap("sim:cart-1");
        assertThat(next().to()).isEqualTo(RoamingState.IDENTIFYING);
        Transition asked = next();
        assertThat(asked.to()).isEqualTo(RoamingState.PIN_REQUIRED);
        assertThat(asked.userId()).contains("doctor");
        assertThat(asked.reason()).isEqualTo(Reason.of(Reason.Kind.PIN_REQUIRED, "Dr. Louis Martin"));

        endpoint.enterPin("1111");
        assertThat(next().to()).isEqualTo(RoamingState.IDENTIFYING);
        assertThat(next().reason()).isEqualTo(Reason.of(Reason.Kind.WRONG_PIN, "4"));
        endpoint.enterPin("2468");
        next();
        assertThat(next().to()).isEqualTo(RoamingState.CONNECTING);
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(calls.calls).containsSubsequence("PIN_REQUIRED PIN required for Dr. Louis Martin", "pin tok-1",
                "PIN_REQUIRED wrong PIN, 4 attempts left", "pin tok-1", "connect 10.0.0.7:5901");
        assertThat(calls.calls.toString()).doesNotContain("1111").doesNotContain("2468");
    }

    @Test
    void anotherUsersTapThatNeedsAPinClearsTheShownSessionFirst() throws Exception {
        cart();
        broker.then(Fakes.connect("alice", "10.0.0.5", 5901, 1)).then(pin(5));
        tap("sim:cart-1");
        next();
        next();
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        int mark = calls.calls.size();
        tap("sim:cart-1");
        assertThat(next().to()).isEqualTo(RoamingState.PIN_REQUIRED);
        assertThat(calls.calls.subList(mark, calls.calls.size())).containsExactly("tap " + broker.requests.get(1).tapId(),
                "clear", "close 10.0.0.5:5901", "PIN_REQUIRED PIN required for Dr. Louis Martin");
    }

    @Test
    void cancellingOrLeavingThePinPadLocks() throws Exception {
        cart();
        broker.then(pin(5)).then(pin(5));
        tap("sim:cart-1");
        next();
        next();
        endpoint.cancelPin();
        assertThat(next()).extracting(Transition::to, Transition::reason)
                .containsExactly(RoamingState.LOCKED, Reason.of(Reason.Kind.PIN_CANCELLED));

        tap("sim:cart-1");
        next();
        assertThat(next().to()).isEqualTo(RoamingState.PIN_REQUIRED);
        clock.advance(Duration.ofSeconds(61));
        endpoint.tick();
        assertThat(next()).extracting(Transition::to, Transition::reason)
                .containsExactly(RoamingState.LOCKED, Reason.of(Reason.Kind.PIN_CANCELLED));
    }

    @Test
    void aLockoutLocksSayingUntilWhen() throws Exception {
        cart();
        broker.then(pin(1)).then(new TapDecision.Denied("locked out after 5 wrong PINs or passwords until 2026-11-23T10:15:00Z"));
        tap("sim:cart-1");
        next();
        next();
        endpoint.enterPin("0000");
        next();
        assertThat(next()).extracting(Transition::to, Transition::reason).containsExactly(RoamingState.LOCKED,
                Reason.of(Reason.Kind.LOCKED_OUT, "after 5 wrong PINs or passwords until 2026-11-23T10:15:00Z"));
    }

    @Test
    void passwordLoginShowsTheDesktopOrSaysWrongPassword() throws Exception {
        cart();
        broker.then(new TapDecision.Denied("wrong user id or password")).then(Fakes.connect("doctor", "10.0.0.7", 5901, 1));
        endpoint.passwordLogin("doctor", "incorrect");
        assertThat(next().to()).isEqualTo(RoamingState.IDENTIFYING);
        assertThat(next()).extracting(Transition::to, Transition::reason)
                .containsExactly(RoamingState.LOCKED, Reason.of(Reason.Kind.WRONG_PASSWORD));
        endpoint.passwordLogin("doctor", "correct horse");
        next();
        next();
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(calls.calls.toString()).doesNotContain("incorrect").doesNotContain("correct horse");
    }

    @Test
    void aContactCardProfileLocksWhenTheCardLeavesItsReader() throws Exception {
        EndpointProfile.Policy cps = new EndpointProfile.Policy(EndpointProfile.SameUserTap.LOCK, true, Duration.ZERO,
                true, false, EndpointProfile.Clipboard.BOTH);
        build(new EndpointProfile("ws-1", EndpointProfile.Kind.WORKSTATION, "", cps));
        broker.then(Fakes.connect("doctor", "10.0.0.7", 5901, 1));
        tap("pcsc:Reader 0");
        next();
        next();
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        endpoint.onEvent(new ReaderEvent.BadgeRemoved("pcsc:Reader 1", clock.instant()));   // another reader: nothing
        Fakes.handled(endpoint);
        assertThat(transitions).isEmpty();
        assertThat(endpoint.state()).isEqualTo(RoamingState.IN_SESSION);
        endpoint.onEvent(new ReaderEvent.BadgeRemoved("pcsc:Reader 0", clock.instant()));
        assertThat(next()).extracting(Transition::to, Transition::reason)
                .containsExactly(RoamingState.LOCKED, Reason.of(Reason.Kind.CARD_REMOVED));
        assertThat(calls.calls.subList(calls.calls.size() - 3, calls.calls.size()))
                .containsExactly("clear", "close 10.0.0.7:5901", "LOCKED card removed");
    }
}
