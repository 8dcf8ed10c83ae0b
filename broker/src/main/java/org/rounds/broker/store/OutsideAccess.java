package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.rounds.broker.audit.Audit;
import org.rounds.broker.auth.SecretSeal;
import org.rounds.broker.auth.Totp;

/**
 * Who may sign in from outside the hospital, and with which second factor: a user's TOTP secret,
 * sealed under the same key as admins' (bound to the user, so a row moved to another user opens
 * to nothing), the last code step accepted for them, and whether an admin allowed outside access
 * (refused until allowed: see V12__remote_access.sql). Every change is audited with its actor.
 */
public final class OutsideAccess {
    /** The name a phone's authenticator app shows above the user's codes. */
    static final String ISSUER = "Rounds";

    private final Database db;
    private final SecretSeal seal;
    private final Clock clock;

    public OutsideAccess(Database db, SecretSeal seal, Clock clock) {
        this.db = db;
        this.seal = seal;
        this.clock = clock;
    }

    /** What the store says of a user's outside access; {@code sealedSecret} empty before {@link #enrolTotp}. */
    public record Standing(boolean allowed, Optional<String> sealedSecret, Optional<Long> lastStep, Optional<String> lastTapId) {}

    /**
     * Makes a new TOTP secret for {@code userId} (replacing any earlier one: the old phone's codes
     * stop working) and returns its {@code otpauth://} URI, which only that user may see. Empty
     * when there is no such user.
     */
    public Optional<String> enrolTotp(String userId, String actor) throws SQLException {
        return enrolTotp(Tenant.DEFAULT, userId, actor);
    }

    /** As {@link #enrolTotp(String, String)}, practice {@code tenant}'s user: another practice's is not found. */
    public Optional<String> enrolTotp(Tenant tenant, String userId, String actor) throws SQLException {
        byte[] secret = Totp.newSecret();
        String sealed = seal.seal(secret, context(userId));
        Instant now = clock.instant();
        boolean known = Tx.run(db, tenant, c -> {
            if (Directory.user(c, tenant, userId).isEmpty()) return false;
            Directory.update(c, "DELETE FROM user_totp WHERE tenant_id = ? AND user_id = ?", tenant.name(), userId);
            Directory.update(c, "INSERT INTO user_totp (tenant_id, user_id, secret, enrolled_at) VALUES (?, ?, ?, ?)", tenant.name(), userId, sealed, now);
            Audit.appendIn(c, tenant, now, actor, "totp-enrolled", userId, null, "TOTP secret made for outside sign-in");
            return true;
        });
        return known ? Optional.of(Totp.uri(ISSUER, userId, secret)) : Optional.empty();
    }

    /** Allows or refuses {@code userId} signing in from outside; false when there is no such user. */
    public boolean setAllowed(String userId, boolean allowed, String actor) throws SQLException {
        return setAllowed(db, userId, allowed, actor, clock.instant());
    }

    /** As {@link #setAllowed(String, boolean, String)}, practice {@code tenant}'s user. */
    public boolean setAllowed(Tenant tenant, String userId, boolean allowed, String actor) throws SQLException {
        return setAllowed(db, tenant, userId, allowed, actor, clock.instant());
    }

    /** {@link #setAllowed(String, boolean, String)} for a caller that holds no seal (it needs none). */
    public static boolean setAllowed(Database db, String userId, boolean allowed, String actor, Instant now) throws SQLException {
        return setAllowed(db, Tenant.DEFAULT, userId, allowed, actor, now);
    }

    /** As {@link #setAllowed(Database, String, boolean, String, Instant)}, practice {@code tenant}'s user: another practice's is not found. */
    public static boolean setAllowed(Database db, Tenant tenant, String userId, boolean allowed, String actor, Instant now) throws SQLException {
        return Tx.run(db, tenant, c -> {
            if (Directory.update(c, "UPDATE users SET outside_allowed = ? WHERE tenant_id = ? AND id = ?", allowed, tenant.name(), userId) == 0)
                return false;
            Audit.appendIn(c, tenant, now, actor, allowed ? "outside-allowed" : "outside-refused", userId, null,
                    allowed ? "may sign in from outside" : "may not sign in from outside");
            return true;
        });
    }

    /** The user's standing, in the caller's transaction and its practice; empty when there is no such user. */
    public static Optional<Standing> standing(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT u.outside_allowed, t.secret, t.last_step, t.last_tap_id FROM users u "
                + "LEFT JOIN user_totp t ON t.tenant_id = u.tenant_id AND t.user_id = u.id WHERE u.tenant_id = ? AND u.id = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                long step = rs.getLong(3);
                Optional<Long> last = rs.wasNull() ? Optional.empty() : Optional.of(step);
                return Optional.of(new Standing(rs.getBoolean(1), Optional.ofNullable(rs.getString(2)), last,
                        Optional.ofNullable(rs.getString(4))));
            }
        }
    }

    /**
     * Takes the code of {@code step} for sign-in {@code tapId}: true when the step is later than
     * the last one accepted (it becomes the last), or is that one and {@code tapId} is the sign-in
     * that used it (a retry of the same sign-in); false for a code already used. Exactly one of
     * two racing sign-ins with one code wins.
     */
    public static boolean acceptStep(Connection c, String userId, long step, String tapId) throws SQLException {
        return Directory.update(c, "UPDATE user_totp SET last_step = ?, last_tap_id = ? WHERE tenant_id = ? AND user_id = ? AND (last_step IS NULL "
                + "OR last_step < ? OR (last_step = ? AND last_tap_id = ?))", step, tapId, Tx.tenant(c).name(), userId, step, step, tapId) == 1;
    }

    /** The user's TOTP secret; IllegalStateException when this broker's seal key is not the one it was sealed with. */
    public byte[] secret(String userId, String sealed) {
        return seal.open(sealed, context(userId));
    }

    /** The one line for a user id that is not in the store. */
    public static String unknownUser(String userId) {
        return "no user " + userId + ": 'rounds broker users' lists them, 'rounds broker enroll' adds one";
    }

    private static String context(String userId) {
        return "user-totp:" + userId;
    }
}
