package org.rounds.broker.takeover;

import java.time.Duration;
import org.rounds.broker.api.PushEvent;

/** Pushes an event to one endpoint and waits, bounded, for its acknowledgement. */
@FunctionalInterface
public interface PushSender {
    /** True when the endpoint acknowledged within {@code wait}; false when it is not connected or was silent. */
    boolean pushAndAwaitAck(String endpointId, PushEvent event, Duration wait);
}
