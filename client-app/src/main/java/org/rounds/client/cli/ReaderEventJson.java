package org.rounds.client.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.rounds.device.ReaderEvent;

/**
 * One reader event as one JSON line: {@code reader}, {@code type} (presented, removed,
 * attached, detached, error), {@code time} (ISO-8601 UTC), and for a presentation
 * {@code technology}, the decoded {@code id} and the {@code raw} bytes as hex; for an error
 * its {@code message}. The id is shown on purpose: this is the enrollment tool.
 */
final class ReaderEventJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReaderEventJson() {}

    static String line(ReaderEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reader", event.reader());
        if (event instanceof ReaderEvent.BadgePresented p) {
            m.put("type", "presented");
            m.put("time", event.time().toString());
            m.put("technology", p.credential().technology().name());
            m.put("id", p.credential().id());
            m.put("raw", p.credential().rawHex());
        } else if (event instanceof ReaderEvent.ReaderError e) {
            m.put("type", "error");
            m.put("time", event.time().toString());
            m.put("message", e.message());
        } else {
            m.put("type", event instanceof ReaderEvent.BadgeRemoved ? "removed"
                    : event instanceof ReaderEvent.ReaderAttached ? "attached" : "detached");
            m.put("time", event.time().toString());
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a reader event as JSON: " + e.getMessage());
        }
    }
}
