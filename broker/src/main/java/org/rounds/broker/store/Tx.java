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
    /**
     * The tenant each open transaction named, by its connection (a pool hands each borrower its
     * own connection object): the store's helpers that take a connection read it here with
     * {@link #tenant}, so every statement of a tap filters and writes by the practice the caller's
     * certificate named, on H2 too, without a tenant parameter on each of them.
     */
    private static final java.util.Map<Connection, Tenant> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

    /** In the default tenant: the hospital's own, and every store's before practices existed. */
    public static <T> T run(Database db, Work<T> work) throws SQLException {
        return run(db, Tenant.DEFAULT, work);
    }

    /** In {@code tenant}: on PostgreSQL no row of another tenant is seen or written. */
    public static <T> T run(Database db, Tenant tenant, Work<T> work) throws SQLException {
        return run(db, tenant.name(), tenant, work);
    }

    /**
     * The tenant the transaction on {@code c} named; the default tenant for a connection used
     * outside {@link #run} and for the service mode (whose statements name their tenants themselves).
     */
    public static Tenant tenant(Connection c) {
        Tenant t = OPEN.get(c);
        return t == null ? Tenant.DEFAULT : t;
    }

    /**
     * Across every tenant, for the service's own work; {@code why} names it in the log. Never the
     * default: a caller asks for it by name, so a forgotten tenant is never a bypass.
     */
    public static <T> T asService(Database db, String why, Work<T> work) throws SQLException {
        LOG.debug("service mode (every tenant's rows): {}", why);
        return run(db, "", null, work);
    }

    /** {@code named}: the tenant, or null for the service mode. */
    private static <T> T run(Database db, String tenant, Tenant named, Work<T> work) throws SQLException {
        boolean service = named == null;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);   // read committed: the pool sets it once per connection (Database)
            if (!service) OPEN.put(c, named);
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
            } finally {
                OPEN.remove(c);
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
