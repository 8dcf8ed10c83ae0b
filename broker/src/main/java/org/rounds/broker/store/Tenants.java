package org.rounds.broker.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rounds.broker.audit.Audit;

/** The practices of the service (issue 23). Adding one is the service's act: only a service admin or the store tools do it. */
public final class Tenants {
    private final Database db;

    public Tenants(Database db) {
        this.db = db;
    }

    public record Listed(Tenant tenant, Instant createdAt) {}

    /** Adds practice {@code tenant}; one line when it exists already. Audited in the default tenant (the service's own trail). */
    public void add(Tenant tenant, Instant now, String actor) throws SQLException {
        Tx.run(db, c -> {
            if (exists(c, tenant)) throw new IllegalArgumentException("practice " + tenant + " exists already; 'rounds broker tenants list' shows them");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenants (name, created_at) VALUES (?, ?)")) {
                ps.setString(1, tenant.name());
                ps.setTimestamp(2, Timestamp.from(now));
                ps.executeUpdate();
            }
            Audit.appendBy(c, now, actor, "tenant-added", null, null, "practice " + tenant + " added");
            return null;
        });
    }

    /** Every practice, the default one included, by name. */
    public List<Listed> list() throws SQLException {
        return Tx.run(db, c -> {
            List<Listed> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, created_at FROM tenants ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) all.add(new Listed(new Tenant(rs.getString(1)), rs.getTimestamp(2).toInstant()));
            }
            return all;
        });
    }

    /**
     * The limits of practice {@code tenant} (V18): those set for it, else {@link PracticeLimits#DEFAULT}
     * ({@link PracticeLimits#NONE} for the default practice).
     */
    public PracticeLimits limits(Tenant tenant) throws SQLException {
        return Tx.run(db, c -> limits(c, tenant));
    }

    /** {@link #limits(Tenant)} read in {@code c}'s transaction. */
    public static PracticeLimits limits(java.sql.Connection c, Tenant tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max_sessions, taps_per_second FROM tenants WHERE name = ?")) {
            ps.setString(1, tenant.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? limitsOf(rs, tenant, 1) : PracticeLimits.unset(tenant);
            }
        }
    }

    /** Every practice's {@link #limits(Tenant)}, in one statement. */
    public java.util.Map<Tenant, PracticeLimits> allLimits() throws SQLException {
        return Tx.run(db, c -> {
            java.util.Map<Tenant, PracticeLimits> all = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, max_sessions, taps_per_second FROM tenants");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Tenant t = new Tenant(rs.getString(1));
                    all.put(t, limitsOf(rs, t, 2));
                }
            }
            return java.util.Map.copyOf(all);
        });
    }

    /** The limits in the row's columns {@code from} (max_sessions) and the next (taps_per_second); unset ones the defaults. */
    private static PracticeLimits limitsOf(ResultSet rs, Tenant tenant, int from) throws SQLException {
        PracticeLimits fallback = PracticeLimits.unset(tenant);
        int sessions = rs.getInt(from);
        boolean sessionsSet = !rs.wasNull();
        double taps = rs.getDouble(from + 1);
        boolean tapsSet = !rs.wasNull();
        return new PracticeLimits(sessionsSet ? sessions : fallback.maxSessions(), tapsSet ? taps : fallback.tapsPerSecond());
    }

    /** Sets practice {@code tenant}'s limits (zero: none); audited in the default tenant (the service's own trail). False when no such practice. */
    public boolean setLimits(Tenant tenant, PracticeLimits limits, Instant now, String actor) throws SQLException {
        return Tx.run(db, c -> {
            if (Directory.update(c, "UPDATE tenants SET max_sessions = ?, taps_per_second = ? WHERE name = ?",
                    limits.maxSessions(), limits.tapsPerSecond(), tenant.name()) == 0) return false;
            Audit.appendBy(c, now, actor, "tenant-limits", null, null, "practice " + tenant + ": at most " + limits.maxSessions()
                    + " sessions at once, " + limits.tapsPerSecond() + " taps a second per broker (0: no limit)");
            return true;
        });
    }

    /** Whether practice {@code tenant} exists: a name given on a command line or in a certificate is checked here first. */
    public boolean exists(Tenant tenant) throws SQLException {
        return Tx.run(db, c -> exists(c, tenant));
    }

    static boolean exists(java.sql.Connection c, Tenant tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tenants WHERE name = ?")) {
            ps.setString(1, tenant.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
