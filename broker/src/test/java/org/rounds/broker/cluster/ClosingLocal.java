package org.rounds.broker.cluster;

import java.time.Duration;
import java.util.List;
import org.rounds.broker.api.PushEvent;

/** What a broker does when asked, for tests of the asking: it pushes to nobody and notes whose viewers it closed. */
final class ClosingLocal implements ClusterBus.Local {
    private final List<String> closed;

    ClosingLocal(List<String> closed) {
        this.closed = closed;
    }

    @Override public boolean push(String endpointId, PushEvent event, Duration wait) { return false; }

    @Override public boolean closeViewers(String userId, boolean logoff) {
        closed.add(userId);
        return true;
    }
}
