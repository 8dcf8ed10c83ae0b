package org.rounds.client.demo;

import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.session.RoamingEndpoint;

/** One endpoint of the demo: its simulated reader, its screen and its roaming state machine. */
public record DemoEndpoint(String id, String kind, SimulatedReader reader, RfbDesktopDisplay display,
                           RoamingEndpoint roaming, BrokerClient broker, PushChannel push) implements AutoCloseable {

    /** Taps a badge on this endpoint's reader: presented, then taken away. */
    public void tap(DemoBadge badge) {
        reader.tap(badge.badgeId());
        reader.remove();
    }

    @Override
    public void close() {
        reader.close();
        push.close();
        roaming.close();
        display.clear();
        broker.close();
    }
}
