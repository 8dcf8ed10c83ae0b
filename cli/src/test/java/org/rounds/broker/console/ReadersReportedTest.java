package org.rounds.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.cli.demo.DemoBadge;
import org.rounds.cli.demo.DemoEndpoint;
import org.rounds.cli.demo.DemoWorld;
import org.rounds.device.ReaderEvent;
import org.rounds.testpeers.Await;

/**
 * The endpoints page lists the badge readers each endpoint has: a reader plugged into a cart
 * appears in its row, one that reads a badge too (by name, never the badge's number), and an
 * unplugged one leaves it, each without a restart of the cart.
 */
@Tag("unit")
class ReadersReportedTest {
    private static final String PCSC = "pcsc:ACS ACR122U PICC Interface 00 00";
    private DemoWorld world;
    private DemoEndpoint cart;

    @BeforeEach
    void start() {
        world = DemoWorld.start(Map.of("cart-1", "cart"));
        cart = world.endpoint("cart-1");
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void readersPluggedInTappedAndUnpluggedShowInTheEndpointsRow() throws Exception {
        assertThat(row().readers()).as("no reader heard of yet").isNullOrEmpty();

        cart.parts().taps().onEvent(new ReaderEvent.ReaderAttached(PCSC, Instant.now()));   // what the hot-plug watcher says
        awaitReaders("the plugged-in reader", r -> r.equals(PCSC));

        cart.tap(DemoBadge.NURSE);   // the demo's simulated reader, heard of by its first badge
        awaitReaders("both readers", r -> r.equals(PCSC + "; sim:cart-1"));
        assertThat(row().readers()).doesNotContain(DemoBadge.NURSE.badgeId());

        cart.parts().taps().onEvent(new ReaderEvent.ReaderDetached(PCSC, Instant.now()));
        awaitReaders("the unplugged reader gone", r -> r.equals("sim:cart-1"));
    }

    private void awaitReaders(String what, Predicate<String> readers) {
        Await.until(Duration.ofSeconds(5), () -> what + " in cart-1's row, which says " + row().readers(),
                () -> row().readers() != null && readers.test(row().readers()));
    }

    private EndpointRow row() {
        try {
            return EndpointRow.all(world.broker().database()).stream().filter(r -> r.id().equals("cart-1")).findFirst().orElseThrow();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
