package org.rounds.broker.takeover;

import java.time.Duration;
import java.util.Optional;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.hosts.HostCommands;
import org.rounds.broker.hosts.HostState;

/**
 * Reaches a desktop host over its one control channel: directly when this broker holds it, else
 * through the broker that does ({@link Cluster#hostCommand}). A host holds a channel to one broker
 * at a time, and any broker may decide a tap for its desktops.
 */
public final class HostRelay implements HostCommands {

    /** The channels this broker holds: the host's reply, or empty when this broker holds no channel to it. */
    public interface Here {
        Optional<HostMessage.Reply> send(String host, HostMessage.Command command, Duration wait);
    }

    private final Here here;
    private final Cluster cluster;

    public HostRelay(Here here, Cluster cluster) {
        this.here = here;
        this.cluster = cluster;
    }

    @Override
    public HostMessage.Reply send(HostState host, HostMessage.Command command, Duration wait) {
        Optional<HostMessage.Reply> direct = here.send(host.name(), command, wait);
        if (direct.isPresent()) return direct.get();
        Optional<String> holder = host.channelBroker().filter(cluster::isOther);
        if (holder.isPresent()) return cluster.hostCommand(holder.get(), host.name(), command, wait);
        return new HostMessage.Reply(command.id(), false, "desktop host " + host.name() + " has no control channel to any broker");
    }
}
