package org.rounds.broker.takeover;

import java.time.Duration;
import org.rounds.broker.api.PushEvent;

/** Pushes an event to one endpoint and waits, bounded, for its acknowledgement. */
@FunctionalInterface
public interface PushSender {
    /** True when the endpoint acknowledged within {@code wait}; false when it is not connected or was silent. */
    boolean pushAndAwaitAck(String endpointId, PushEvent event, Duration wait);

    /**
     * As {@link #pushAndAwaitAck(String, PushEvent, Duration)}, to endpoint {@code endpointId} of
     * practice {@code tenant}. A sender that knows no practices reaches the default practice's
     * endpoints only: another practice's endpoint of the same id must never hear this one's events.
     */
    default boolean pushAndAwaitAck(org.rounds.broker.store.Tenant tenant, String endpointId, PushEvent event, Duration wait) {
        return tenant.isDefault() && pushAndAwaitAck(endpointId, event, wait);
    }
}
