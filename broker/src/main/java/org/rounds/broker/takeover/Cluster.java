package org.rounds.broker.takeover;

import java.time.Duration;
import org.rounds.broker.api.PushEvent;

/**
 * The other brokers on the same database, for what only the broker holding a connection can
 * do: push to an endpoint's WebSocket, and close the viewers of a desktop it handed out.
 * {@link #SINGLE} is a broker alone (H2), for which every broker id is its own.
 */
public interface Cluster {
    /** This broker's id, recorded beside what it holds. */
    String brokerId();

    /** Whether {@code brokerId} names another broker (false for this one, and always for {@link #SINGLE}). */
    default boolean isOther(String brokerId) {
        return !brokerId.equals(brokerId());
    }

    /**
     * Whether broker {@code brokerId} is alive: its lease has not expired and its port does not
     * refuse connections. True when that cannot be told (then a bounded wait decides).
     */
    default boolean alive(String brokerId) {
        return true;
    }

    /** Asks {@code brokerId} to push {@code event} to the endpoint; true when the endpoint acknowledged within {@code wait}. */
    boolean push(String brokerId, String endpointId, PushEvent event, Duration wait);

    /**
     * As {@link #push(String, String, PushEvent, Duration)}, to endpoint {@code endpointId} of
     * practice {@code tenant} (the message names it). One that knows no practices reaches the
     * default practice's endpoints only.
     */
    default boolean push(String brokerId, org.rounds.broker.store.Tenant tenant, String endpointId, PushEvent event, Duration wait) {
        return tenant.isDefault() && push(brokerId, endpointId, event, wait);
    }

    /**
     * Asks {@code brokerId} to close every viewer of the user's desktop (and end the desktop when
     * {@code logoff}); true when it did, or when it is gone (its lease expired: the viewers it
     * served went with it). A broker still holding its lease is waited for beyond {@code wait},
     * until it answers or its lease runs out; false when it stayed alive and silent throughout.
     */
    boolean closeViewers(String brokerId, String userId, boolean logoff, Duration wait);

    /**
     * Asks {@code brokerId}, which holds desktop host {@code host}'s control channel, to send it
     * {@code command} and pass its reply back; a failed reply when that broker does not answer
     * within {@code wait} or no longer holds the channel.
     */
    default org.rounds.broker.api.HostMessage.Reply hostCommand(String brokerId, String host,
                                                                 org.rounds.broker.api.HostMessage.Command command, Duration wait) {
        return new org.rounds.broker.api.HostMessage.Reply(command.id(), false, "no other broker to relay to");
    }

    Cluster SINGLE = new Cluster() {
        @Override public String brokerId() { return "single"; }
        @Override public boolean isOther(String brokerId) { return false; }
        @Override public boolean push(String b, String e, PushEvent ev, Duration w) { return false; }
        @Override public boolean closeViewers(String b, String u, boolean l, Duration w) { return false; }
    };
}
