package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.Broker;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.testpeers.Await;

/**
 * Reconnect tokens expire 180 s after a drop, on the broker's clock: a real RFB viewer of the
 * embedded desktop drops (its connection closes), and the endpoint's reconnect through a real
 * broker client works at 179 s and is refused at 181 s; a refused token then stays refused and
 * the cart's next tap connects.
 */
@Tag("unit")
@Timeout(60)
class ReconnectWindowTest {
    static final String BADGE = "0412345678";

    final MovableClock clock = new MovableClock();
    final EmbeddedDesktopPool pool = new EmbeddedDesktopPool(clock);
    Broker broker;
    BrokerClient client;

    private void start(Broker.Builder b) throws Exception {
        broker = b.inMemory().port(0).desktops(pool).clock(clock).build();
        broker.start();
        broker.enroll("nurse", "Nurse Amina Diallo", BADGE);
        client = BrokerClient.builder().broker(broker.baseUrl()).build();
        client.register(new org.rounds.broker.api.EndpointRegistration("cart-1", "cart", "Ward 4"));
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        if (broker != null) broker.close();
        pool.close();
    }

    @Test
    void aReconnect179SecondsAfterADropWorksAnd181SecondsAfterIsRefused() throws Exception {
        start(Broker.builder());
        TapDecision.Connect shown = (TapDecision.Connect) client.tap(new TapRequest("cart-1", BADGE, "tap-1"));

        dropAfterWatching(shown);
        clock.advance(Duration.ofSeconds(179));
        TapDecision back = reconnect(shown);
        assertThat(back).as("179 s after the drop").isInstanceOfSatisfying(TapDecision.Connect.class,
                c -> assertThat(c.generation()).isEqualTo(shown.generation()));

        dropAfterWatching((TapDecision.Connect) back);
        clock.advance(Duration.ofSeconds(181));
        TapDecision refused = reconnect(shown);
        assertThat(refused).as("181 s after the second drop").isInstanceOfSatisfying(TapDecision.Denied.class,
                d -> assertThat(d.reason()).contains("more than 180 s ago").contains("tap your badge"));
        assertThat(auditKinds()).containsSubsequence("connect", "reconnect", "reconnect-expired");
        assertThat(session()).containsEntry("owner_endpoint", null).containsEntry("generation", "2");

        assertThat(reconnect(shown)).as("a refused token stays refused").isInstanceOf(TapDecision.Denied.class);
        assertThat(client.tap(new TapRequest("cart-1", BADGE, "tap-2"))).as("the cart's next tap connects, no tap-out")
                .isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(3));
    }

    @Test
    void theWindowIsSetOnTheBrokersBuilder() throws Exception {
        start(Broker.builder().reconnectWindow(Duration.ofSeconds(30)));
        TapDecision.Connect shown = (TapDecision.Connect) client.tap(new TapRequest("cart-1", BADGE, "tap-1"));
        dropAfterWatching(shown);
        clock.advance(Duration.ofSeconds(31));
        assertThat(reconnect(shown)).isInstanceOfSatisfying(TapDecision.Denied.class,
                d -> assertThat(d.reason()).contains("more than 30 s ago"));
    }

    @Test
    void aCredentialHandedOutButNeverUsedCountsAsADropFromTheHandOver() throws Exception {
        start(Broker.builder());
        TapDecision.Connect shown = (TapDecision.Connect) client.tap(new TapRequest("cart-1", BADGE, "tap-1"));
        clock.advance(Duration.ofSeconds(181));   // the endpoint never connected
        assertThat(reconnect(shown)).isInstanceOf(TapDecision.Denied.class);
    }

    /** A real viewer connects with the decision's password, sees the desktop, then its connection drops. */
    private void dropAfterWatching(TapDecision.Connect c) throws Exception {
        IdleLockOverHttpsTest.Viewer v = IdleLockOverHttpsTest.connect(c.desktop());
        assertThat(v.session().awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
        clock.advance(Duration.ofSeconds(600));   // watched for ten minutes: the window runs from the drop, not the tap
        assertThat(pool.vacantSince("nurse")).isEmpty();
        v.session().close();
        assertThat(v.closed().await(5, TimeUnit.SECONDS)).isTrue();
        Await.until(Duration.ofSeconds(5), "the desktop host to see the viewer go", () -> pool.vacantSince("nurse").isPresent());
    }

    private TapDecision reconnect(TapDecision.Connect c) throws Exception {
        return client.reconnect(new ReconnectRequest("cart-1", c.userId(), c.generation(), c.reconnectToken()));
    }

    private List<String> auditKinds() throws java.sql.SQLException {
        return Rows.all(broker.database(), "audit").stream().map(r -> r.get("kind")).toList();
    }

    private Map<String, String> session() throws java.sql.SQLException {
        return Rows.all(broker.database(), "desktop_sessions").get(0);
    }
}
