package org.rounds.broker.cluster;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;

/**
 * What this broker answered to the requests of the last {@code keep} (as long as an asker waits),
 * by request id: a request asked again, because its asker listened anew and may have missed the
 * answer's NOTIFY, is answered from here rather than done twice (a host admitted twice, a push
 * sent twice).
 */
final class RecentAnswers {
    /** A request being worked on. */
    static final ObjectNode WORKING = JsonNodeFactory.instance.objectNode();

    private record Kept(ObjectNode answer, long atNanos) {}

    private final long keepNanos;
    /** In the order first asked. */
    private final LinkedHashMap<String, Kept> byId = new LinkedHashMap<>();

    RecentAnswers(Duration keep) {
        this.keepNanos = keep.toNanos();
    }

    /** Null for a new request (now marked working), else {@link #WORKING} or its answer. */
    synchronized ObjectNode begin(String requestId) {
        long now = System.nanoTime();
        for (var it = byId.values().iterator(); it.hasNext(); ) {
            if (now - it.next().atNanos() <= keepNanos) break;
            it.remove();
        }
        Kept before = byId.get(requestId);
        if (before == null) byId.put(requestId, new Kept(WORKING, now));
        return before == null ? null : before.answer();
    }

    synchronized void done(String requestId, ObjectNode answer) {
        Kept k = byId.get(requestId);
        if (k != null) byId.put(requestId, new Kept(answer, k.atNanos()));
    }
}
