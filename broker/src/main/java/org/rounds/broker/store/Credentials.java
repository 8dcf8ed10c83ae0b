package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Users' PIN and password hashes, their last full authentication, PIN challenges, and lockouts,
 * which count per (user, source): a source is a {@code RequestSource} key, the endpoint's
 * certificate or the caller's address, so wrong guesses from one place never lock the user out
 * of another.
 */
public final class Credentials {
    private Credentials() {}

    /**
     * What the broker knows of a user's secrets, seen from one source; hashes are {@code SlowHash}
     * strings, empty when unset; {@code failedAttempts} and {@code lockedUntil} are that source's.
     */
    public record AuthState(Optional<String> pinHash, Optional<String> passwordHash, Optional<Instant> lastFullAuth,
                            int failedAttempts, Optional<Instant> lockedUntil) {
        public boolean lockedAt(Instant now) {
            return lockedUntil.filter(now::isBefore).isPresent();
        }
    }

    /** A PIN asked for after a tap. */
    public record Challenge(String userId, String endpointId, Instant expiresAt) {}

    public static Optional<AuthState> state(Connection c, String userId, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT u.pin_hash, u.password_hash, u.last_full_auth, f.failed_attempts, "
                + "f.locked_until FROM users u LEFT JOIN auth_failures f ON f.tenant_id = u.tenant_id AND f.user_id = u.id AND f.source = ? "
                + "WHERE u.tenant_id = ? AND u.id = ?")) {
            ps.setString(1, source);
            ps.setString(2, Tx.tenant(c).name());
            ps.setString(3, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new AuthState(Optional.ofNullable(rs.getString(1)), Optional.ofNullable(rs.getString(2)),
                        instant(rs.getTimestamp(3)), rs.getInt(4), instant(rs.getTimestamp(5))));
            }
        }
    }

    /** A new PIN also ends the user's lockouts, from every source. */
    /** Practice {@code tenant}'s user's PIN hash; ends its lockouts. */
    public static void setPin(Connection c, Tenant tenant, String userId, String pinHash) throws SQLException {
        Directory.update(c, "UPDATE users SET pin_hash = ? WHERE tenant_id = ? AND id = ?", pinHash, tenant.name(), userId);
        Directory.update(c, "DELETE FROM auth_failures WHERE tenant_id = ? AND user_id = ?", tenant.name(), userId);
    }

    /** Practice {@code tenant}'s user's password hash. */
    public static void setPassword(Connection c, Tenant tenant, String userId, String passwordHash) throws SQLException {
        Directory.update(c, "UPDATE users SET password_hash = ? WHERE tenant_id = ? AND id = ?", passwordHash, tenant.name(), userId);
    }

    public static void setPin(Connection c, String userId, String pinHash) throws SQLException {
        setPin(c, Tx.tenant(c), userId, pinHash);
    }

    public static void setPassword(Connection c, String userId, String passwordHash) throws SQLException {
        setPassword(c, Tx.tenant(c), userId, passwordHash);
    }

    /**
     * A right PIN or password from {@code source}: the grace period starts now and that source's
     * failures are cleared (not other sources': the user's success must not hand a stranger
     * fresh guesses).
     */
    public static void succeeded(Connection c, String userId, String source, Instant now) throws SQLException {
        Directory.update(c, "UPDATE users SET last_full_auth = ? WHERE tenant_id = ? AND id = ?", now, tenant(c), userId);
        Directory.update(c, "DELETE FROM auth_failures WHERE tenant_id = ? AND user_id = ? AND source = ?", tenant(c), userId, source);
    }

    /**
     * A wrong PIN or password from {@code source}; the {@code max}-th in a row from there locks
     * the user out there for {@code lockFor}. Returns the attempts left there (0: locked out now).
     */
    public static int failed(Connection c, String userId, String source, int max, Duration lockFor, Instant now)
            throws SQLException {
        // lockouts over are worth nothing: drop the user's, so a stranger's many sources leave few rows
        Directory.update(c, "DELETE FROM auth_failures WHERE tenant_id = ? AND user_id = ? AND locked_until <= ?", tenant(c), userId, now);
        AuthState s = state(c, userId, source).orElseThrow(() -> new SQLException("no user " + userId));
        int failures = s.failedAttempts() + 1;
        boolean lock = failures >= max;
        Object until = lock ? now.plus(lockFor) : null;
        int count = lock ? 0 : failures;
        if (Directory.update(c, "UPDATE auth_failures SET failed_attempts = ?, locked_until = ? WHERE tenant_id = ? AND user_id = ? AND source = ?",
                count, until, tenant(c), userId, source) == 0) {
            Directory.update(c, "INSERT INTO auth_failures (tenant_id, user_id, source, failed_attempts, locked_until) VALUES (?, ?, ?, ?, ?)",
                    tenant(c), userId, source, count, until);
        }
        return lock ? 0 : max - failures;
    }

    public static void challenge(Connection c, String token, String userId, String endpointId, Instant expiresAt) throws SQLException {
        Directory.update(c, "INSERT INTO pin_challenges (tenant_id, token, user_id, endpoint_id, expires_at) VALUES (?, ?, ?, ?, ?)",
                tenant(c), token, userId, endpointId, expiresAt);
    }

    public static Optional<Challenge> challenge(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, endpoint_id, expires_at FROM pin_challenges WHERE tenant_id = ? AND token = ?")) {
            ps.setString(1, tenant(c));
            ps.setString(2, token);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Challenge(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                        : Optional.empty();
            }
        }
    }

    public static void dropChallenge(Connection c, String token) throws SQLException {
        Directory.update(c, "DELETE FROM pin_challenges WHERE tenant_id = ? AND token = ?", tenant(c), token);
    }

    /** The practice of {@code c}'s transaction: every statement here reads and writes only its rows. */
    private static String tenant(Connection c) {
        return Tx.tenant(c).name();
    }

    private static Optional<Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }
}
