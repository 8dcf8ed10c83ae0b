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

/** What a tap does while a session is shown, per the endpoint's profile. */
@Tag("unit")
@Timeout(20)
class SameUserTapPolicyTest {
    static final String ALICE = "0451A2B3C4", BOB = "0499887766";
    final Fakes.CallLog calls = new Fakes.CallLog();
    final Fakes.ScriptedBroker broker = new Fakes.ScriptedBroker(calls);
    final Fakes.FakeDisplay display = new Fakes.FakeDisplay(calls);
    final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
    final BlockingQueue<Reason> ignored = new LinkedBlockingQueue<>();
    RoamingEndpoint endpoint;

    void build(EndpointProfile.SameUserTap sameUser, boolean tapOver) throws InterruptedException {
        EndpointProfile.Policy policy = new EndpointProfile.Policy(sameUser, tapOver, Duration.ZERO, false, false,
                EndpointProfile.Clipboard.BOTH);
        endpoint = RoamingEndpoint.builder().profile(new EndpointProfile("ws-1", EndpointProfile.Kind.WORKSTATION, "", policy))
                .broker(broker).display(display).screen(new Fakes.FakeScreen(calls)).build();
        endpoint.addListener(new StateListener() {
            @Override public void transitioned(Transition t) {
                calls.add(t.to() + " " + t.reason());
                transitions.add(t);
            }
            @Override public void tapIgnored(Reason reason, java.time.Instant at) { ignored.add(reason); }
        });
        broker.then(new TapDecision.Connect("alice", "Alice", new org.rounds.broker.api.DesktopAddress("10.0.0.5", 5901, "otp"),
                4, "token-4"));
        tap(ALICE);
        for (int i = 0; i < 3; i++) Fakes.next(transitions, calls);
        assertThat(endpoint.state()).isEqualTo(RoamingState.IN_SESSION);
    }

    void tap(String badge) {
        endpoint.onEvent(new ReaderEvent.BadgePresented("sim:ws-1", new Credential(Credential.Technology.SIMULATED, null, badge),
                java.time.Instant.now()));
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    @Test
    void nothingKeepsTheSessionOnTheUsersOwnTapWithoutAskingTheBroker() throws Exception {
        build(EndpointProfile.SameUserTap.NOTHING, true);
        tap(ALICE);
        assertThat(ignored.poll(5, TimeUnit.SECONDS)).isEqualTo(Reason.of(Reason.Kind.TAP_IGNORED,
                "this endpoint keeps the session on its user's own tap"));
        assertThat(broker.requests).hasSize(1);
        assertThat(endpoint.state()).isEqualTo(RoamingState.IN_SESSION);
    }

    @Test
    void withoutTapOverAnotherUsersTapIsIgnored() throws Exception {
        build(EndpointProfile.SameUserTap.LOCK, false);
        tap(BOB);
        assertThat(ignored.poll(5, TimeUnit.SECONDS)).isEqualTo(Reason.of(Reason.Kind.TAP_IGNORED,
                "another user's tap; the user shown must tap out first"));
        assertThat(broker.requests).hasSize(1);
        assertThat(endpoint.currentUserId()).contains("alice");
    }

    @Test
    void logOffLocksFirstThenEndsTheDesktopWithTheSessionsToken() throws Exception {
        build(EndpointProfile.SameUserTap.LOG_OFF, true);
        int mark = calls.calls.size();
        broker.then(new TapDecision.Lock("alice", "tap-out"));
        tap(ALICE);
        assertThat(Fakes.next(transitions, calls).to()).isEqualTo(RoamingState.LOCKED);
        calls.await("logoff", c -> c.startsWith("logoff"));
        assertThat(calls.calls.subList(mark, calls.calls.size())).containsSubsequence("clear", "close 10.0.0.5:5901",
                "LOCKED tapped out: tap-out", "logoff alice gen 4");
    }
}
