package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Users' PIN and password hashes, their last full authentication and lockout, and PIN challenges. */
public final class Credentials {
    private Credentials() {}

    /** What the broker knows of a user's secrets; hashes are {@code SlowHash} strings, empty when unset. */
    public record AuthState(Optional<String> pinHash, Optional<String> passwordHash, Optional<Instant> lastFullAuth,
                            int failedAttempts, Optional<Instant> lockedUntil) {
        public boolean lockedAt(Instant now) {
            return lockedUntil.filter(now::isBefore).isPresent();
        }
    }

    /** A PIN asked for after a tap. */
    public record Challenge(String userId, String endpointId, Instant expiresAt) {}

    public static Optional<AuthState> state(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pin_hash, password_hash, last_full_auth, failed_attempts, "
                + "locked_until FROM users WHERE id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new AuthState(Optional.ofNullable(rs.getString(1)), Optional.ofNullable(rs.getString(2)),
                        instant(rs.getTimestamp(3)), rs.getInt(4), instant(rs.getTimestamp(5))));
            }
        }
    }

    public static void setPin(Connection c, String userId, String pinHash) throws SQLException {
        Directory.update(c, "UPDATE users SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?", pinHash, userId);
    }

    public static void setPassword(Connection c, String userId, String passwordHash) throws SQLException {
        Directory.update(c, "UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, userId);
    }

    /** A right PIN or password: the grace period starts now and the failure count is cleared. */
    public static void succeeded(Connection c, String userId, Instant now) throws SQLException {
        Directory.update(c, "UPDATE users SET last_full_auth = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?", now, userId);
    }

    /**
     * A wrong PIN or password; the {@code max}-th in a row locks the user out for {@code lockFor}.
     * Returns the attempts left (0: locked out now).
     */
    public static int failed(Connection c, String userId, int max, Duration lockFor, Instant now) throws SQLException {
        AuthState s = state(c, userId).orElseThrow(() -> new SQLException("no user " + userId));
        int failures = s.failedAttempts() + 1;
        if (failures >= max) {
            Directory.update(c, "UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?", now.plus(lockFor), userId);
            return 0;
        }
        Directory.update(c, "UPDATE users SET failed_attempts = ? WHERE id = ?", failures, userId);
        return max - failures;
    }

    public static void challenge(Connection c, String token, String userId, String endpointId, Instant expiresAt) throws SQLException {
        Directory.update(c, "INSERT INTO pin_challenges (token, user_id, endpoint_id, expires_at) VALUES (?, ?, ?, ?)",
                token, userId, endpointId, expiresAt);
    }

    public static Optional<Challenge> challenge(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, endpoint_id, expires_at FROM pin_challenges WHERE token = ?")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Challenge(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                        : Optional.empty();
            }
        }
    }

    public static void dropChallenge(Connection c, String token) throws SQLException {
        Directory.update(c, "DELETE FROM pin_challenges WHERE token = ?", token);
    }

    private static Optional<Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }
}
