package org.rounds.broker.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rounds.broker.audit.Audit;

/**
 * A user's wrong PINs and passwords by source ({@code auth_failures}), as the help desk sees
 * and clears them: unlocking one source (a stranger's guesses elsewhere stay counted) or all.
 */
public final class Lockouts {
    private final Database db;

    public Lockouts(Database db) {
        this.db = db;
    }

    /** Failures counted from one source; {@code lockedUntil} when that source is locked out (it may be over). */
    public record BySource(String source, int failedAttempts, Optional<Instant> lockedUntil) {}

    public List<BySource> of(String userId) throws SQLException {
        return of(Tenant.DEFAULT, userId);
    }

    /** Practice {@code tenant}'s user's failures by source. */
    public List<BySource> of(Tenant tenant, String userId) throws SQLException {
        return Tx.run(db, tenant, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT source, failed_attempts, locked_until FROM auth_failures WHERE tenant_id = ? AND user_id = ? ORDER BY source")) {
                ps.setString(1, tenant.name());
                ps.setString(2, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<BySource> out = new ArrayList<>();
                    while (rs.next()) {
                        Timestamp t = rs.getTimestamp(3);
                        out.add(new BySource(rs.getString(1), rs.getInt(2), Optional.ofNullable(t).map(Timestamp::toInstant)));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * Clears the user's failures from {@code source} (every source when empty), audited as
     * {@code actor}; returns how many sources were cleared, or -1 when there is no such user.
     */
    public int clear(String userId, Optional<String> source, String actor, Instant now) throws SQLException {
        return clear(Tenant.DEFAULT, userId, source, actor, now);
    }

    /** As {@link #clear(String, Optional, String, Instant)}, practice {@code tenant}'s user: another practice's is not found (-1). */
    public int clear(Tenant tenant, String userId, Optional<String> source, String actor, Instant now) throws SQLException {
        return Tx.run(db, tenant, c -> {
            if (Directory.user(c, tenant, userId).isEmpty()) return -1;
            int n = source.isPresent()
                    ? Directory.update(c, "DELETE FROM auth_failures WHERE tenant_id = ? AND user_id = ? AND source = ?", tenant.name(), userId, source.get())
                    : Directory.update(c, "DELETE FROM auth_failures WHERE tenant_id = ? AND user_id = ?", tenant.name(), userId);
            Audit.appendIn(c, tenant, now, actor, "unlocked", userId, null, source.map(s -> "failures from " + s + " cleared")
                    .orElse("failures from every source cleared (" + n + ")"));
            return n;
        });
    }
}
