package org.rounds.broker.takeover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.rounds.broker.auth.DecisionSeal;
import org.rounds.broker.api.TapDecision;

/** The decisions kept per tap id, sealed, so that a retried tap gets the answer already given (read by {@link TapService}). */
final class TapRecords {
    private final DecisionSeal seal;
    private final ObjectMapper json;

    TapRecords(DecisionSeal seal, ObjectMapper json) {
        this.seal = seal;
        this.json = json;
    }

    String write(TapDecision d) {
        try {
            return seal.seal(json.writerFor(TapDecision.class).writeValueAsString(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    TapDecision read(String s) {
        try {
            return json.readValue(seal.open(s), TapDecision.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored decision unreadable", e);
        }
    }
}
