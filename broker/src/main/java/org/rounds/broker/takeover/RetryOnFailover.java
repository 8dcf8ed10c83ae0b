package org.rounds.broker.takeover;

import java.sql.SQLException;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tap tried once more when the database connection was lost before it answered (the primary
 * failed over): its transaction rolled back or committed, and the second try, on a fresh
 * connection to the new primary, decides afresh or replays the decision stored under the same
 * tap id. Once only: a database that is down for longer is the endpoint's to retry.
 */
final class RetryOnFailover {
    private static final Logger log = LoggerFactory.getLogger(RetryOnFailover.class);

    private RetryOnFailover() {}

    /** One try at a request. */
    @FunctionalInterface
    interface Attempt {
        TapDecision run() throws SQLException;
    }

    /** The second try waits (up to the pool's connection timeout) for a connection to the new primary. */
    static TapDecision once(Database db, Attempt attempt) throws SQLException {
        try {
            return attempt.run();
        } catch (SQLException | RuntimeException e) {
            if (!Database.isConnectionLost(e)) throw e;
            log.info("the database connection was lost during a tap ({}); trying it once more", e.getMessage());
            db.retireConnections();
            return attempt.run();
        }
    }
}
