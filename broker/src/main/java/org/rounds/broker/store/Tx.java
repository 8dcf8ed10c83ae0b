package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in one JDBC transaction: committed when it returns, rolled back when it throws.
 *
 * <p>Each transaction names its tenant (issue 23): on PostgreSQL it sets {@code rounds.tenant}
 * for the transaction only, and row-level security (V16) then hides every other tenant's rows
 * even from a query that forgets its filter. {@link #asService} is the explicit, logged way to
 * work across tenants (retention, usage for billing). H2 has no row-level security.
 */
public final class Tx {
    private Tx() {}

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tx.class);

    /** In the default tenant: the hospital's own, and every store's before practices existed. */
    public static <T> T run(Database db, Work<T> work) throws SQLException {
        return run(db, Tenant.DEFAULT, work);
    }

    /** In {@code tenant}: on PostgreSQL no row of another tenant is seen or written. */
    public static <T> T run(Database db, Tenant tenant, Work<T> work) throws SQLException {
        return run(db, tenant.name(), false, work);
    }

    /**
     * Across every tenant, for the service's own work; {@code why} names it in the log. Never the
     * default: a caller asks for it by name, so a forgotten tenant is never a bypass.
     */
    public static <T> T asService(Database db, String why, Work<T> work) throws SQLException {
        LOG.debug("service mode (every tenant's rows): {}", why);
        return run(db, "", true, work);
    }

    private static <T> T run(Database db, String tenant, boolean service, Work<T> work) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                if (db.isPostgres()) setTenant(c, tenant, service);
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

    /** For this transaction only (is_local): the pool's next borrower starts from the connection's default again. */
    private static void setTenant(Connection c, String tenant, boolean service) throws SQLException {
        try (var ps = c.prepareStatement("SELECT set_config('rounds.tenant', ?, true), set_config('rounds.service', ?, true)")) {
            ps.setString(1, tenant);
            ps.setString(2, service ? "on" : "off");
            ps.execute();
        }
    }
}
