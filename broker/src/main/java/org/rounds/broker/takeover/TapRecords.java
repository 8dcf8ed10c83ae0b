package org.rounds.broker.takeover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.rounds.broker.auth.DecisionSeal;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Sessions;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;
import org.rounds.broker.api.TapDecision;

/** The decisions kept per tap id, sealed, so that a retried tap gets the answer already given. */
final class TapRecords {
    private static final Duration PENDING_WAIT = Duration.ofSeconds(5);

    private final Database db;
    private final DecisionSeal seal;
    private final ObjectMapper json;

    TapRecords(Database db, DecisionSeal seal, ObjectMapper json) {
        this.db = db;
        this.seal = seal;
        this.json = json;
    }

    /** The decision recorded for tap {@code tapId} of practice {@code tenant} (another practice's tap of that id is not this one). */
    Optional<TapDecision> recorded(Tenant tenant, String tapId) throws SQLException {
        Optional<Sessions.Tap> t = Tx.run(db, tenant, c -> Sessions.tap(c, tapId));
        if (t.isEmpty()) return Optional.empty();
        if (t.get().decision().isPresent()) return Optional.of(read(t.get().decision().get()));
        return Optional.of(awaitRecorded(tenant, tapId));
    }

    /** A tap with this id is being decided (here or by another broker): wait, bounded, for its decision. */
    TapDecision awaitRecorded(Tenant tenant, String tapId) throws SQLException {
        long end = System.nanoTime() + PENDING_WAIT.toNanos();
        while (System.nanoTime() < end) {
            Optional<String> d = Tx.run(db, tenant, c -> Sessions.tap(c, tapId).flatMap(Sessions.Tap::decision));
            if (d.isPresent()) return read(d.get());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new SQLException("tap " + tapId + " is still being decided; retry it", "55000");
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
