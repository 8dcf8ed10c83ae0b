package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.TapDecision;
import org.rounds.roaming.client.BrokerUnavailableException;

/** A kiosk shows its shared account at start, takes no badges, never idles out, and comes back for ever. */
@Tag("unit")
@Timeout(20)
class KioskEndpointTest {
    static TapDecision.Connect reception(String host, long generation) {
        return new TapDecision.Connect("er-reception", "ER reception", new DesktopAddress(host, 5901, "otp"), generation, "t");
    }

    final IdleLockTest.MovableClock clock = new IdleLockTest.MovableClock();
    final Fakes.CallLog calls = new Fakes.CallLog();
    final Fakes.ScriptedBroker broker = new Fakes.ScriptedBroker(calls);
    final Fakes.FakeDisplay display = new Fakes.FakeDisplay(calls);
    final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
    final BlockingQueue<Reason> ignored = new LinkedBlockingQueue<>();
    RoamingEndpoint kiosk;

    @BeforeEach
    void build() {
        kiosk = RoamingEndpoint.builder().profile(new EndpointProfile("er-kiosk", EndpointProfile.Kind.KIOSK, "ER"))
                .broker(broker).display(display).screen(new Fakes.FakeScreen(calls)).clock(clock).build();
        kiosk.addListener(new StateListener() {
            @Override public void transitioned(Transition t) {
                calls.add(t.to() + " " + t.reason());
                transitions.add(t);
            }
            @Override public void tapIgnored(Reason reason, java.time.Instant at) {
                ignored.add(reason);
            }
        });
    }

    @AfterEach
    void close() {
        kiosk.close();
    }

    Transition next() throws InterruptedException {
        return Fakes.next(transitions, calls);
    }

    @Test
    void showsTheSharedDesktopAtStartWithoutABadge() throws Exception {
        broker.then(reception("10.0.0.9", 1));
        kiosk.start();
        assertThat(next().to()).isEqualTo(RoamingState.IDENTIFYING);
        assertThat(next().to()).isEqualTo(RoamingState.CONNECTING);
        Transition shown = next();
        assertThat(shown.to()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(shown.userId()).contains("er-reception");
        assertThat(calls.calls).containsExactly("IDENTIFYING kiosk: connecting to the shared desktop", "kiosk er-kiosk",
                "CONNECTING connecting to the desktop of ER reception", "connect 10.0.0.9:5901", "IN_SESSION connected to DesktopAddress[10.0.0.9:5901] (generation 1)");
        assertThat(broker.requests).as("no tap").isEmpty();
    }

    @Test
    void aBrokerDownAtStartIsRetriedUntilTheDesktopShows() throws Exception {
        broker.then(new BrokerUnavailableException("http://b1/", "connection refused", null))
                .then(new TapDecision.Denied("no shared account is assigned to kiosk er-kiosk"))
                .then(reception("10.0.0.9", 3));
        kiosk.start();
        assertThat(next().to()).isEqualTo(RoamingState.IDENTIFYING);
        Transition waiting = next();
        assertThat(waiting.to()).isEqualTo(RoamingState.RECONNECTING);
        assertThat(waiting.reason().detail()).contains("connection refused");
        assertThat(next().to()).isEqualTo(RoamingState.CONNECTING);
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(calls.calls.stream().filter(c -> c.startsWith("kiosk ")).count()).isEqualTo(3);
    }

    @Test
    void aDroppedConnectionBlanksAndAsksForTheKioskDesktopAgain() throws Exception {
        broker.then(reception("10.0.0.9", 1)).then(reception("10.0.0.9", 2));
        kiosk.start();
        next();
        next();
        next();
        int mark = calls.calls.size();
        display.lastListener().connectionLost("desktop host restarted");
        assertThat(next().to()).isEqualTo(RoamingState.RECONNECTING);
        assertThat(next().to()).isEqualTo(RoamingState.CONNECTING);
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(calls.calls.subList(mark, calls.calls.size())).containsExactly("clear", "close 10.0.0.9:5901",
                "RECONNECTING reconnecting: desktop host restarted", "kiosk er-kiosk",
                "CONNECTING connecting to the desktop of ER reception", "connect 10.0.0.9:5901",
                "IN_SESSION connected to DesktopAddress[10.0.0.9:5901] (generation 2)");
        assertThat(broker.reconnects).as("no reconnect token use").isEmpty();
    }

    @Test
    void badgesAreIgnoredAndIdleNeverLocks() throws Exception {
        broker.then(reception("10.0.0.9", 1));
        kiosk.start();
        next();
        next();
        next();
        kiosk.onEvent(new ReaderEvent.BadgePresented("sim:er-kiosk",
                new Credential(Credential.Technology.SIMULATED, null, "0451A2B3C4"), clock.instant()));
        assertThat(ignored.poll(5, TimeUnit.SECONDS)).isEqualTo(Reason.of(Reason.Kind.KIOSK_NO_BADGES));
        clock.advance(Duration.ofHours(8));
        kiosk.tick();
        assertThat(transitions.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(kiosk.state()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(broker.requests).isEmpty();
    }

    @Test
    void startDoesNothingForOtherEndpoints() throws Exception {
        try (RoamingEndpoint cart = RoamingEndpoint.builder().profile(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, ""))
                .broker(broker).display(display).screen(new Fakes.FakeScreen(calls)).clock(clock).build()) {
            cart.start();
            Fakes.handled(cart); // a kiosk attempt queued by start() would have run before this returns
            assertThat(cart.state()).isEqualTo(RoamingState.LOCKED);
            assertThat(calls.calls).isEmpty();
        }
    }
}
