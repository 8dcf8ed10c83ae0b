package org.rounds.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerClient;

/** Session reliability at the broker: who may have a dropped session back, over the real HTTP API. */
@Tag("unit")
class ReconnectOverHttpTest {
    static final String BADGE = "04A1B2C3D4E580";
    EmbeddedDesktopPool desktops;
    Broker broker;
    BrokerClient client;

    @BeforeEach
    void start() throws Exception {
        desktops = new EmbeddedDesktopPool();
        broker = Broker.builder().inMemory().port(0).desktops(desktops).build();
        broker.start();
        broker.enroll("nurse", "Nurse Amina Diallo", BADGE);
        client = BrokerClient.builder().broker(broker.baseUrl()).probeInterval(Duration.ZERO).build();
        client.register(new EndpointRegistration("cart-1", "cart", "ward 4"));
        client.register(new EndpointRegistration("cart-2", "cart", "ward 4"));
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
        desktops.close();
    }

    @Test
    void theOwnerGetsItsSessionBackWithAFreshPasswordAndTheSameGeneration() throws Exception {
        TapDecision.Connect first = (TapDecision.Connect) client.tap(new TapRequest("cart-1", BADGE, "t1"));
        assertThat(first.reconnectToken()).hasSize(64);

        TapDecision again = client.reconnect(new ReconnectRequest("cart-1", "nurse", first.generation(), first.reconnectToken()));

        assertThat(again).isInstanceOfSatisfying(TapDecision.Connect.class, c -> {
            assertThat(c.generation()).isEqualTo(first.generation());
            assertThat(c.desktop().port()).isEqualTo(first.desktop().port());
            assertThat(c.desktop().password()).isNotEqualTo(first.desktop().password());
        });
    }

    @Test
    void aWrongTokenOrAnotherEndpointIsRefused() throws Exception {
        TapDecision.Connect first = (TapDecision.Connect) client.tap(new TapRequest("cart-1", BADGE, "t1"));

        assertThat(client.reconnect(new ReconnectRequest("cart-1", "nurse", first.generation(), "0".repeat(64))))
                .isInstanceOf(TapDecision.Denied.class);
        assertThat(client.reconnect(new ReconnectRequest("cart-2", "nurse", first.generation(), first.reconnectToken())))
                .isInstanceOf(TapDecision.Denied.class);
        assertThat(client.reconnect(new ReconnectRequest("cart-1", "nurse", first.generation() + 1, first.reconnectToken())))
                .isInstanceOf(TapDecision.Denied.class);
    }

    @Test
    void aSessionThatMovedIsNotGivenBackButNamesWhereItWent() throws Exception {
        TapDecision.Connect first = (TapDecision.Connect) client.tap(new TapRequest("cart-1", BADGE, "t1"));
        client.tap(new TapRequest("cart-2", BADGE, "t2"));

        assertThat(client.reconnect(new ReconnectRequest("cart-1", "nurse", first.generation(), first.reconnectToken())))
                .isEqualTo(new TapDecision.Lock("nurse", "cart-2"));
    }

    @Test
    void afterTapOutTheSessionIsNoLongerOpenHere() throws Exception {
        TapDecision.Connect first = (TapDecision.Connect) client.tap(new TapRequest("cart-1", BADGE, "t1"));
        client.tap(new TapRequest("cart-1", BADGE, "t2")); // tap-out

        assertThat(client.reconnect(new ReconnectRequest("cart-1", "nurse", first.generation(), first.reconnectToken())))
                .isInstanceOf(TapDecision.Denied.class);
    }
}
