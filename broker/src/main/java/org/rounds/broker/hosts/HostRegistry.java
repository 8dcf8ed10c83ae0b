package org.rounds.broker.hosts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rounds.broker.api.HostMessage;

/**
 * The enrolled desktop hosts as every broker sees them, kept in the shared store: who a host
 * certificate stands for, what each host last said on its control channel, and which broker
 * holds that channel. Placement reads {@link #hosts}; the control channel writes the rest.
 */
public interface HostRegistry {

    /** The host a client certificate (serial, hex) stands for, when this CA issued it and neither it nor its host is revoked. */
    Optional<String> enrolledHost(String certificateSerialHex);

    /**
     * As {@link #enrolledHost}, with the host's practice; a registry that knows no practices
     * knows the default practice's hosts only.
     */
    default Optional<org.rounds.broker.store.EnrolledName> enrolledHostNamed(String certificateSerialHex) {
        return enrolledHost(certificateSerialHex).map(n -> new org.rounds.broker.store.EnrolledName(org.rounds.broker.store.Tenant.DEFAULT, n));
    }

    /** The host said hello on a channel this broker holds: record its address, pin, provider, capacity, site and desktops. */
    void hello(String host, HostMessage.Hello hello, String brokerId, Instant now);

    /** A heartbeat on the channel this broker holds. */
    void heartbeat(String host, HostMessage.Heartbeat beat, String brokerId, Instant now);

    /** The channel this broker held closed (the host may already have opened one to another broker: keep that). */
    void channelClosed(String host, String brokerId, Instant now);

    /**
     * Of the {@code users} whose desktops {@code host} says it runs, those whose desktop has since
     * been placed on another host that is not down (the user was placed afresh while this host was
     * lost): their desktops here are strays, and the host is told to end them. A desktop placed on
     * a host that is down, or not placed yet (a hand-over still deciding), is never a stray.
     */
    default List<String> strays(String host, List<String> users, Instant now) {
        return List.of();
    }

    /**
     * The host closed the channel this broker held because it is stopping (a drained host being
     * upgraded): it is down at once. A channel that merely broke keeps the host up while its
     * heartbeats are fresh ({@link #channelClosed}), as it joins another broker.
     */
    default void stopped(String host, String brokerId, Instant now) {
        channelClosed(host, brokerId, now);
    }

    /** Every enrolled host and its state at {@code now}. */
    List<HostState> hosts(Instant now);

    /**
     * {@link #hosts(Instant)} read through {@code c}, the caller's transaction: a tap holding a
     * pool connection must not wait for a second one.
     */
    default List<HostState> hosts(java.sql.Connection c, Instant now) throws java.sql.SQLException {
        return hosts(now);
    }
}
