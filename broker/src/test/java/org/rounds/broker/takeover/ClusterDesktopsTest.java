package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.store.Sessions;

/** A desktop another broker served is handed over only once that broker closed its viewer or is gone. */
@Tag("unit")
class ClusterDesktopsTest {
    private static Cluster otherBrokerAnswering(boolean closedOrGone) {
        return new Cluster() {
            @Override public String brokerId() { return "b000000000000001"; }
            @Override public boolean push(String b, String e, PushEvent ev, Duration w) { return false; }
            @Override public boolean closeViewers(String b, String u, boolean l, Duration w) { return closedOrGone; }
        };
    }

    private static final Sessions.Row SERVED_BY_OTHER = new Sessions.Row("nurse", Optional.of("cart-1"), 4, "active",
            Optional.of("b000000000000002"), Optional.empty());

    @Test
    void aLiveBrokerThatDoesNotSayItClosedTheViewerKeepsTheDesktopAndTheTapIsToldToTryAgain() {
        Fakes.Journal journal = new Fakes.Journal();
        ClusterDesktops desktops = new ClusterDesktops(new Fakes.Pool(journal), otherBrokerAnswering(false));

        assertThatThrownBy(() -> desktops.handOver(null, SERVED_BY_OTHER, "Nurse", "cart-2", SessionDesktops.Placement.MAY_PLACE))
                .isInstanceOf(SessionDesktops.DesktopUnavailable.class)
                .hasMessage("the desktop of nurse is still open through broker b000000000000002, which did not answer; "
                        + "tap again in a few seconds");
        assertThat(journal.entries()).isEmpty();
    }
}
