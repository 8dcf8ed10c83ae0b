package org.rounds.cli.demo;

import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.client.endpoint.Endpoint;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.session.RoamingEndpoint;

/** One endpoint of the demo: the endpoint itself, wired as {@code rounds client} wires it, and its simulated reader. */
public record DemoEndpoint(Endpoint parts, String kind, SimulatedReader reader) implements AutoCloseable {

    /** Taps a badge on this endpoint's reader: presented, then taken away. */
    public void tap(DemoBadge badge) {
        reader.tap(badge.badgeId());
        reader.remove();
    }

    public String id() { return parts.id(); }
    public RoamingEndpoint roaming() { return parts.roaming(); }
    public RfbDesktopDisplay display() { return parts.display(); }
    public BrokerClient broker() { return parts.broker(); }
    public PushChannel push() { return parts.push(); }

    @Override
    public void close() {
        parts.close();
    }
}
