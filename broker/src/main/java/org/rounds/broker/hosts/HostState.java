package org.rounds.broker.hosts;

import java.time.Instant;
import java.util.Optional;

/**
 * One enrolled desktop host as the store last heard of it. {@code state} is {@code up}, {@code
 * down} (no channel, or its last heartbeat older than {@code HostMessage.DOWN_AFTER_MILLIS}) or
 * {@code draining} (up, but taking no new placements); a drained host that is down is down.
 * {@code address} (HOST:PORT) and {@code pin} are empty until the host first said hello.
 */
public record HostState(String name, String site, String state, String provider, String address, String pin,
                        int capacity, int sessions, Optional<String> channelBroker, Optional<Instant> lastHeartbeat) {

    /** Whether a new desktop may be placed here: up, not draining, below capacity. */
    public boolean placeable() {
        return state.equals("up") && sessions < capacity;
    }
}
