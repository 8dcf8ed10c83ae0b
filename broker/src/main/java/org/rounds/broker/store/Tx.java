package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in one JDBC transaction: committed when it returns, rolled back when it throws. */
public final class Tx {
    private Tx() {}

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public static <T> T run(Database db, Work<T> work) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException lost) {
                    // the connection is gone (a failover): the work's own error says why, not "Connection is closed"
                    e.addSuppressed(lost);
                }
                throw e;
            }
        }
    }
}
