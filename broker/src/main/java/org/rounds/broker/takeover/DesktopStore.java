package org.rounds.broker.takeover;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;

/**
 * The store as a desktop hand-over reaches it. Inside a caller's transaction ({@link #within})
 * everything runs on that connection. For a tap ({@link #between}) nothing holds a connection
 * while the hand-over waits on the network: each read is a short transaction of its own, and the
 * writes wait for the tap's closing transaction ({@link Between#writeIn}), where they are made
 * whatever that transaction finds (the desktop was handed over either way).
 */
interface DesktopStore {
    /** Runs {@code work} now and returns what it read. */
    <T> T read(Tx.Work<T> work) throws SQLException;

    /** Runs {@code work} now, or with the tap's closing transaction. */
    void write(Tx.Work<?> work) throws SQLException;

    static DesktopStore within(Connection c) {
        return new DesktopStore() {
            @Override public <T> T read(Tx.Work<T> work) throws SQLException { return work.run(c); }
            @Override public void write(Tx.Work<?> work) throws SQLException { work.run(c); }
        };
    }

    static Between between(Database db, Tenant tenant) {
        return new Between(db, tenant);
    }

    /** Reads in short transactions of practice {@code tenant}; writes kept for {@link #writeIn}. */
    final class Between implements DesktopStore {
        private final Database db;
        private final Tenant tenant;
        private final List<Tx.Work<?>> writes = new ArrayList<>();

        private Between(Database db, Tenant tenant) {
            this.db = db;
            this.tenant = tenant;
        }

        @Override
        public <T> T read(Tx.Work<T> work) throws SQLException {
            return Tx.run(db, tenant, work);
        }

        @Override
        public synchronized void write(Tx.Work<?> work) {
            writes.add(work);
        }

        /** Makes the writes kept so far in {@code c}'s transaction. */
        synchronized void writeIn(Connection c) throws SQLException {
            for (Tx.Work<?> w : writes) w.run(c);
            writes.clear();
        }
    }
}
