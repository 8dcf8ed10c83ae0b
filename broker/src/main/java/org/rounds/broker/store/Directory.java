package org.rounds.broker.store;

import java.sql.Connection;
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
 * Users, their badges (as HMACs) and endpoints. An instance works in one practice ({@link #in});
 * the static helpers, which the tap path calls, read and write the practice their transaction
 * named ({@link Tx#tenant}): the practice of the calling endpoint's certificate.
 */
public final class Directory {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Directory.class);
    private final Database db;
    private final String actor;
    private final Tenant tenant;

    public Directory(Database db) {
        this(db, null, Tenant.DEFAULT);
    }

    private Directory(Database db, String actor, Tenant tenant) {
        this.db = db;
        this.actor = actor;
        this.tenant = tenant;
    }

    /**
     * The same directory inside practice {@code tenant} (issue 23): users, badges and the audit
     * rows of its changes are that practice's only, and every change works in the practice.
     */
    public Directory in(Tenant tenant) {
        return new Directory(db, actor, tenant);
    }

    private void requireDefaultTenant(String what) {
        if (!tenant.isDefault())
            throw new IllegalStateException(what + " is not yet available inside practice " + tenant + "; do it in the default practice");
    }

    /**
     * The same directory whose changes are audited as made by {@code actor} (an admin's name, or
     * {@code local:USER} for a tool that opened the store itself); null for the broker's own.
     */
    public Directory by(String actor) {
        return new Directory(db, actor, tenant);
    }

    public record User(String id, String displayName) {}

    /**
     * Creates or renames the user and binds the badge (given as its HMAC, under a key this store
     * does not record: rotate-key then keeps every earlier key) to it.
     */
    public void enroll(String userId, String displayName, String badgeHmac, Instant now) throws SQLException {
        enroll(userId, displayName, List.of(new BadgeTags.Tag(badgeHmac, null)), now);
    }

    /**
     * Creates or renames the user and binds the badge to it under the first tag (the current
     * key's), dropping it under the others (earlier keys) so that it is enrolled once.
     */
    public void enroll(String userId, String displayName, List<BadgeTags.Tag> tags, Instant now) throws SQLException {
        Tx.run(db, tenant, c -> {
            upsert(c, userId, displayName, now);
            for (BadgeTags.Tag t : tags) update(c, "DELETE FROM badges WHERE tenant_id = ? AND badge_hmac = ?", tenant.name(), t.hmac());
            update(c, "INSERT INTO badges (tenant_id, badge_hmac, user_id, enrolled_at, key_id) VALUES (?, ?, ?, ?, ?)",
                    tenant.name(), tags.get(0).hmac(), userId, now, tags.get(0).keyId());
            Audit.appendIn(c, tenant, now, actor, "enroll", userId, null, "badge enrolled");
            return null;
        });
    }

    /** Creates the user in this directory's tenant, or renames it; true when it was created. */
    private boolean upsert(Connection c, String userId, String displayName, Instant now) throws SQLException {
        if (update(c, "UPDATE users SET display_name = ? WHERE tenant_id = ? AND id = ?", displayName, tenant.name(), userId) > 0) return false;
        update(c, "INSERT INTO users (tenant_id, id, display_name, created_at) VALUES (?, ?, ?, ?)", tenant.name(), userId, displayName, now);
        return true;
    }

    /** Creates or renames a user without touching their badges. */
    public void upsertUser(String userId, String displayName, Instant now) throws SQLException {
        Tx.run(db, tenant, c -> {
            if (upsert(c, userId, displayName, now)) Audit.appendIn(c, tenant, now, actor, "user-created", userId, null, "created without a badge");
            return null;
        });
    }

    /** Revokes every badge of the user (a lost badge); returns how many. */
    public int revokeBadges(String userId, Instant now) throws SQLException {
        return Tx.run(db, tenant, c -> {
            int n = update(c, "DELETE FROM badges WHERE tenant_id = ? AND user_id = ?", tenant.name(), userId);
            Audit.appendIn(c, tenant, now, actor, "badges-revoked", userId, null, n + " badge(s) revoked");
            return n;
        });
    }

    /** Registers the endpoint, or updates its kind, location and last-seen time. */
    public void registerEndpoint(String id, String kind, String location, Instant now) throws SQLException {
        registerEndpoint(id, kind, location, null, null, now);
    }

    /**
     * Registers (or refreshes) endpoint {@code id}; {@code version} and {@code readers} (its
     * software's version and the badge readers it has seen, "; " between them) replace what was
     * stored when given, and leave it when null.
     *
     * <p>{@code now} is when the registration came in. One that came in before the registration
     * stored (it waited for the database, and its endpoint, tired of waiting, sent a newer one
     * meanwhile) changes nothing: else it would put back readers since unplugged.
     */
    public void registerEndpoint(String id, String kind, String location, String version, String readers, Instant now) throws SQLException {
        Tx.run(db, tenant, c -> {
            int n = update(c, "UPDATE endpoints SET kind = ?, location = ?, last_seen = ?, version = COALESCE(CAST(? AS VARCHAR(64)), version), "
                    + "readers = COALESCE(CAST(? AS VARCHAR(900)), readers) WHERE tenant_id = ? AND id = ? AND (last_seen IS NULL OR last_seen <= ?)",
                    kind, location, now, version, readers, tenant.name(), id, now);
            if (n == 0 && endpointExists(c, id)) {
                log.info("endpoint {}: a registration that came in at {} is older than the one stored; left out", id, now);
                return null;
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO endpoints (tenant_id, id, kind, location, last_seen, version, readers) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, tenant.name());
                    ps.setString(2, id);
                    ps.setString(3, kind);
                    ps.setString(4, location);
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setString(6, version);
                    ps.setString(7, readers);
                    ps.executeUpdate();
                }
                Audit.appendBy(c, now, actor, "endpoint-registered", null, id, kind + " at " + location);
            }
            return null;
        });
    }

    /**
     * Registers an outside device as an endpoint of kind {@code remote} in {@code c}'s
     * transaction, or marks it seen; false when the id is an inside endpoint's (which an
     * outside device must never speak for).
     */
    public static boolean registerRemote(Connection c, String id, Instant now) throws SQLException {
        Optional<String> kind = endpointKind(c, id);
        if (kind.isPresent() && !kind.get().equals("remote")) return false;
        String tenant = Tx.tenant(c).name();
        if (kind.isPresent()) {
            update(c, "UPDATE endpoints SET last_seen = ? WHERE tenant_id = ? AND id = ?", now, tenant, id);
        } else {
            update(c, "INSERT INTO endpoints (tenant_id, id, kind, location, last_seen) VALUES (?, ?, 'remote', 'outside', ?)", tenant, id, now);
            Audit.append(c, now, "endpoint-registered", null, id, "remote device outside the hospital");
        }
        return true;
    }

    /**
     * Makes {@code userId} (created when new, without a badge) the shared account of kiosk
     * {@code endpointId}, replacing any account it had.
     */
    public void assignKiosk(String endpointId, String userId, String displayName, Instant now) throws SQLException {
        Tx.run(db, tenant, c -> {
            upsert(c, userId, displayName, now);
            update(c, "DELETE FROM kiosk_assignments WHERE tenant_id = ? AND endpoint_id = ?", tenant.name(), endpointId);
            update(c, "INSERT INTO kiosk_assignments (tenant_id, endpoint_id, user_id, assigned_at) VALUES (?, ?, ?, ?)",
                    tenant.name(), endpointId, userId, now);
            Audit.appendIn(c, tenant, now, actor, "kiosk-assigned", userId, endpointId, "shared account of kiosk " + endpointId);
            return null;
        });
    }

    /** Sets the user's PIN or password hash (a {@code SlowHash} string); a new PIN also ends a lockout. */
    public void setSecret(String userId, boolean pin, String hash, Instant now) throws SQLException {
        Tx.run(db, tenant, c -> {
            if (user(c, tenant, userId).isEmpty()) throw new SQLException("no user " + userId);
            if (pin) Credentials.setPin(c, tenant, userId, hash);
            else Credentials.setPassword(c, tenant, userId, hash);
            Audit.appendIn(c, tenant, now, actor, pin ? "pin-set" : "password-set", userId, null, pin ? "PIN set" : "password set");
            return null;
        });
    }

    /**
     * The shared account of a kiosk endpoint: the one assigned to it ({@code rounds broker kiosk}),
     * else the kiosk account of its profile, when that user exists.
     */
    public static Optional<User> kioskAccount(Connection c, String endpointId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT u.id, u.display_name FROM kiosk_assignments k "
                + "JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id WHERE k.tenant_id = ? AND k.endpoint_id = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, endpointId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return Optional.of(new User(rs.getString(1), rs.getString(2)));
            }
        }
        Optional<String> byProfile = Profiles.kioskAccountOf(c, endpointId);
        return byProfile.isPresent() ? user(c, byProfile.get()) : Optional.empty();
    }

    /** Whether the user is some kiosk's shared account (assigned, or a profile's kiosk account). */
    public static boolean isKioskAccount(Connection c, String userId) throws SQLException {
        // one statement, not one for each way (every tap asks)
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM kiosk_assignments WHERE tenant_id = ? AND user_id = ? UNION ALL "
                + Profiles.KIOSK_ACCOUNT_OF_A_PROFILE)) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, userId);
            ps.setString(3, Tx.tenant(c).name());
            ps.setString(4, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The site an endpoint was enrolled for ("" when none, or when it was never enrolled). */
    public static String siteOf(Connection c, String endpointId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT site FROM enrolments WHERE tenant_id = ? AND endpoint_id = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, endpointId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
            }
        }
    }

    /** The registered endpoint's kind, in the practice of {@code c}'s transaction. */
    public static Optional<String> endpointKind(Connection c, String id) throws SQLException {
        return endpointKind(c, Tx.tenant(c), id);
    }

    public static boolean endpointExists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM endpoints WHERE tenant_id = ? AND id = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static Optional<User> userByBadge(Connection c, String badgeHmac) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT u.id, u.display_name FROM badges b JOIN users u ON u.tenant_id = b.tenant_id AND u.id = b.user_id "
                + "WHERE b.tenant_id = ? AND b.badge_hmac = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, badgeHmac);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new User(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** This directory's tenant's users, by id. */
    public List<User> users() throws SQLException {
        return Tx.run(db, tenant, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, display_name FROM users WHERE tenant_id = ? ORDER BY id")) {
                ps.setString(1, tenant.name());
                try (ResultSet rs = ps.executeQuery()) {
                    List<User> users = new ArrayList<>();
                    while (rs.next()) users.add(new User(rs.getString(1), rs.getString(2)));
                    return users;
                }
            }
        });
    }

    /** Practice {@code tenant}'s user {@code id}, read in the caller's transaction. */
    public static Optional<User> user(Connection c, Tenant tenant, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, display_name FROM users WHERE tenant_id = ? AND id = ?")) {
            ps.setString(1, tenant.name());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new User(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Practice {@code tenant}'s registered endpoint's kind. */
    public static Optional<String> endpointKind(Connection c, Tenant tenant, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM endpoints WHERE tenant_id = ? AND id = ?")) {
            ps.setString(1, tenant.name());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** User {@code id}, in the practice of {@code c}'s transaction. */
    public static Optional<User> user(Connection c, String id) throws SQLException {
        return user(c, Tx.tenant(c), id);
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a instanceof Instant t) ps.setTimestamp(i + 1, Timestamp.from(t));
                else ps.setObject(i + 1, a);
            }
            return ps.executeUpdate();
        }
    }
}
