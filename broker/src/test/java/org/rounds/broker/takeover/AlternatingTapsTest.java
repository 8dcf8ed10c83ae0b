package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.Broker;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.session.DisplaySession;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingEndpoint;
import org.rounds.roaming.session.RoamingState;
import org.rounds.testpeers.Await;

/**
 * Two real endpoints (roaming state machines over HTTP and WebSocket push) and one user tapping
 * on one, then the other, 1,000 times through the real broker: at no observed instant do both
 * show the session, and every tap ends with the tapping endpoint showing it.
 */
@Tag("unit")
class AlternatingTapsTest {
    static final String BADGE = "0412345678";

    @Test
    @Timeout(300)
    void neverBothInSessionOverAThousandAlternatingTaps() throws Exception {
        Set<String> inSession = ConcurrentHashMap.newKeySet();
        AtomicInteger violations = new AtomicInteger();
        Semaphore shown = new Semaphore(0);
        List<AutoCloseable> open = new ArrayList<>();
        Broker broker = Broker.builder().inMemory().port(0).desktops(new Fakes.Pool(new Fakes.Journal()))
                .tapRateLimit(10_000, 10_000).build();   // 40 taps a second per endpoint: far beyond people
        try {
            broker.start();
            broker.enroll("nurse", "Nurse Amina Diallo", BADGE);
            RoamingEndpoint[] carts = new RoamingEndpoint[2];
            for (int i = 0; i < 2; i++) {
                String id = "cart-" + (i + 1);
                EndpointProfile profile = new EndpointProfile(id, EndpointProfile.Kind.CART, "Ward 4");
                BrokerClient client = BrokerClient.builder().broker(broker.baseUrl()).build();
                open.add(client);
                client.register(profile.registration());
                RoamingEndpoint e = RoamingEndpoint.builder().profile(profile).broker(client)
                        .display((address, listener) -> () -> {}).screen(() -> {}).build();
                e.addListener(t -> {
                    if (t.to() == RoamingState.IN_SESSION) {
                        inSession.add(id);
                        if (inSession.size() > 1) violations.incrementAndGet();
                        shown.release();
                    } else {
                        inSession.remove(id);
                    }
                });
                open.add(e);
                PushChannel push = client.openPush(id, e);
                open.add(push);
                carts[i] = e;
            }
            Await.until(Duration.ofSeconds(5), "the broker to register both carts' push channels",
                    () -> broker.pushConnected("cart-1") && broker.pushConnected("cart-2"));

            for (int tap = 0; tap < 1000; tap++) {
                RoamingEndpoint here = carts[tap % 2];
                here.onEvent(new ReaderEvent.BadgePresented("sim", new Credential(Credential.Technology.SIMULATED, null, BADGE),
                        java.time.Instant.now()));
                assertThat(shown.tryAcquire(10, TimeUnit.SECONDS)).as("tap %d shows the session", tap).isTrue();
                assertThat(here.state()).isEqualTo(RoamingState.IN_SESSION);
            }
            assertThat(violations).as("instants at which both endpoints showed the session").hasValue(0);
            assertThat(Rows.all(broker.database(), "desktop_sessions")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("generation", "1000").containsEntry("owner_endpoint", "cart-2"));
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
            broker.close();
        }
    }
}
