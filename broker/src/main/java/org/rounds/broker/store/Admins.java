package org.rounds.broker.store;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.rounds.broker.api.SlowHash;
import org.rounds.broker.audit.Audit;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.SecretSeal;
import org.rounds.broker.auth.Sha256;
import org.rounds.broker.auth.Totp;

/**
 * Admin accounts (name, role, password as a slow hash, TOTP secret sealed outside the database's
 * reach) and their sessions: a login with password and TOTP code gives a bearer token good for
 * {@link #SESSION_LIFETIME}, kept only as its SHA-256 so that a copy of the database logs no one in.
 * Every change is audited with the admin who made it.
 *
 * <p>Each admin belongs to one practice (issue 23), named by its row; names are unique across
 * the service, so sign-in by name alone finds one row, and a session's practice comes from that
 * row only. Sign-in and session look-ups therefore read across practices ({@link Tx#asService});
 * everything else works inside one practice.
 */
public final class Admins {
    public static final Duration SESSION_LIFETIME = Duration.ofMinutes(15);
    // Checked when the name is unknown, so that a wrong name costs as long as a wrong password.
    private static final String DUMMY_HASH = SlowHash.hash("not-an-admin-password");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Admins.class);
    private final Database db;
    private final SecretSeal seal;
    private final Clock clock;

    public Admins(Database db, SecretSeal seal, Clock clock) {
        this.db = db;
        this.seal = seal;
        this.clock = clock;
    }

    public record Account(String name, AdminRole role, Instant createdAt, boolean disabled, Tenant tenant) {}

    /** A logged-in admin, as the admin API's routes see it: its practice is its row's, never the request's. */
    public record Session(String name, AdminRole role, Tenant tenant) {
        /** Whether it works across practices (creates them, reads usage, picks one to look at). */
        public boolean isService() {
            return role == AdminRole.SERVICE;
        }
    }

    /** A bearer token (show it to the admin who logged in, and no one else) and when it expires. */
    public record Login(String token, Instant expiresAt, AdminRole role, Tenant tenant) {
        @Override
        public String toString() {
            return "Login[expiresAt=" + expiresAt + ", role=" + role + ", tenant=" + tenant + "]";   // never the token
        }
    }

    /**
     * Creates admin {@code name}; returns its TOTP provisioning URI (otpauth://...), which only the
     * new admin may see. IllegalArgumentException naming the problem when the name is taken or the
     * password too short.
     */
    public String add(String name, AdminRole role, String password, String actor) throws SQLException {
        return add(Tenant.DEFAULT, name, role, password, actor);
    }

    /**
     * As {@link #add(String, AdminRole, String, String)}, an admin of practice {@code tenant}: it
     * sees and changes that practice only. The service role is the default practice's only.
     */
    public String add(Tenant tenant, String name, AdminRole role, String password, String actor) throws SQLException {
        if (role == AdminRole.SERVICE && !tenant.isDefault())
            throw new IllegalArgumentException("the service role works across practices and belongs to the default practice's admins; "
                    + "give practice " + tenant + "'s admin the role admin, helpdesk or viewer");
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}"))
            throw new IllegalArgumentException("an admin name is 1..64 characters of A-Z a-z 0-9 . _ -");
        if (password.length() < 12 || password.length() > 256)
            throw new IllegalArgumentException("an admin password is 12 to 256 characters");
        byte[] secret = Totp.newSecret();
        Instant now = clock.instant();
        String hash = SlowHash.hash(password);
        // names are unique across practices: the check and the insert see every practice's admins
        Tx.asService(db, "adding admin " + name, c -> {
            boolean taken;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM admins WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    taken = rs.next();
                }
            }
            if (taken)
                throw new IllegalArgumentException("admin " + name + " already exists; pick another name or disable it first");
            if (!Tenants.exists(c, tenant))
                throw new IllegalArgumentException("no practice " + tenant + "; 'rounds broker tenants list' shows them, 'tenants add' makes one");
            Directory.update(c, "INSERT INTO admins (tenant_id, name, role, password_hash, totp_secret, created_at, disabled) "
                    + "VALUES (?, ?, ?, ?, ?, ?, FALSE)", tenant.name(), name, role.wire(), hash, seal.seal(secret, name), now);
            Audit.appendIn(c, tenant, now, actor, "admin-added", null, null, "admin " + name + " (" + role.wire() + ")");
            return null;
        });
        return Totp.uri(name, secret);
    }

    /** The default practice's admins, by name. */
    public List<Account> list() throws SQLException {
        return list(Tenant.DEFAULT);
    }

    /** Practice {@code tenant}'s admins, by name. */
    public List<Account> list(Tenant tenant) throws SQLException {
        return Tx.run(db, tenant, c -> {
            List<Account> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, role, created_at, disabled FROM admins WHERE tenant_id = ? ORDER BY name")) {
                ps.setString(1, tenant.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) all.add(new Account(rs.getString(1), AdminRole.parse(rs.getString(2)),
                            rs.getTimestamp(3).toInstant(), rs.getBoolean(4), tenant));
                }
            }
            return all;
        });
    }

    /** Disables admin {@code name} of the default practice and ends its sessions; false when there is no such admin. */
    public boolean disable(String name, String actor) throws SQLException {
        return disable(Tenant.DEFAULT, name, actor);
    }

    /** As {@link #disable(String, String)}, in practice {@code tenant}: another practice's admin of that name is not found. */
    public boolean disable(Tenant tenant, String name, String actor) throws SQLException {
        Instant now = clock.instant();
        return Tx.run(db, tenant, c -> {
            if (Directory.update(c, "UPDATE admins SET disabled = TRUE WHERE tenant_id = ? AND name = ?", tenant.name(), name) == 0) return false;
            Directory.update(c, "DELETE FROM admin_sessions WHERE tenant_id = ? AND admin_name = ?", tenant.name(), name);
            Audit.appendIn(c, tenant, now, actor, "admin-disabled", null, null, "admin " + name + " disabled");
            return true;
        });
    }

    /**
     * A session when {@code name} is an enabled admin whose password and current TOTP code these
     * are; empty otherwise, with nothing to tell which was wrong. Both outcomes are audited with
     * {@code source} (the caller's address).
     */
    public Optional<Login> login(String name, String password, String totp, String source) throws SQLException {
        Instant now = clock.instant();
        // by name across practices (names are unique service-wide); the row says the practice
        Optional<String[]> row = Tx.asService(db, "admin sign-in", c -> {
            Directory.update(c, "DELETE FROM admin_sessions WHERE expires_at < ?", now);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT password_hash, totp_secret, role, tenant_id FROM admins WHERE name = ? AND disabled = FALSE")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                            : Optional.empty();
                }
            }
        });
        boolean passwordOk = SlowHash.matches(row.map(r -> r[0]).orElse(DUMMY_HASH), password);
        boolean ok = row.isPresent() && passwordOk && Totp.verify(secretOf(name, row.get()[1]), totp, now);
        // a failed sign-in goes to the trail of the practice whose admin it named (the default's for an unknown name)
        Tenant tenant = row.map(r -> new Tenant(r[3])).orElse(Tenant.DEFAULT);
        if (!ok) {
            Tx.run(db, tenant, c -> {
                Audit.appendIn(c, tenant, now, name, "admin-login-failed", null, null, "from " + source);
                return null;
            });
            return Optional.empty();
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = "ras_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = now.plus(SESSION_LIFETIME);
        Tx.run(db, tenant, c -> {
            Directory.update(c, "INSERT INTO admin_sessions (tenant_id, token_sha256, admin_name, expires_at) VALUES (?, ?, ?, ?)",
                    tenant.name(), Sha256.hex(token), name, expires);
            Audit.appendIn(c, tenant, now, name, "admin-login", null, null, "from " + source + ", until " + expires);
            return null;
        });
        return Optional.of(new Login(token, expires, AdminRole.parse(row.get()[2]), tenant));
    }

    /** The admin whose unexpired session {@code token} is, when still enabled, with its row's practice. */
    public Optional<Session> session(String token) throws SQLException {
        Instant now = clock.instant();
        // by the token's hash across practices: the session's practice is its admin's row's
        return Tx.asService(db, "admin session", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.name, a.role, a.tenant_id FROM admin_sessions s "
                    + "JOIN admins a ON a.name = s.admin_name AND a.tenant_id = s.tenant_id "
                    + "WHERE s.token_sha256 = ? AND s.expires_at > ? AND a.disabled = FALSE")) {
                ps.setString(1, Sha256.hex(token));
                ps.setTimestamp(2, java.sql.Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Session(rs.getString(1), AdminRole.parse(rs.getString(2)), new Tenant(rs.getString(3))))
                            : Optional.empty();
                }
            }
        });
    }

    /** Ends the session {@code token} belongs to. */
    public void logout(String token, String actor) throws SQLException {
        logout(Tenant.DEFAULT, token, actor);
    }

    /** Ends the session {@code token} belongs to, an admin's of practice {@code tenant}. */
    public void logout(Tenant tenant, String token, String actor) throws SQLException {
        Instant now = clock.instant();
        Tx.run(db, tenant, c -> {
            if (Directory.update(c, "DELETE FROM admin_sessions WHERE tenant_id = ? AND token_sha256 = ?", tenant.name(), Sha256.hex(token)) > 0)
                Audit.appendIn(c, tenant, now, actor, "admin-logout", null, null, "session ended");
            return null;
        });
    }

    /** Audits something an admin looked at (reads change nothing, but who looked is on record). */
    public void viewed(String actor, String what) throws SQLException {
        viewed(Tenant.DEFAULT, actor, what);
    }

    /** As {@link #viewed(String, String)}, in the trail of practice {@code tenant}, the one looked at. */
    public void viewed(Tenant tenant, String actor, String what) throws SQLException {
        Instant now = clock.instant();
        Tx.run(db, tenant, c -> {
            Audit.appendIn(c, tenant, now, actor, "admin-viewed", null, null, what);
            return null;
        });
    }

    /** The admin's TOTP secret; empty (no code matches) when the seal key is not the one it was sealed with. */
    private byte[] secretOf(String name, String sealed) {
        try {
            return seal.open(sealed, name);
        } catch (IllegalStateException e) {
            log.warn("admin {} cannot log in: {}; give this broker the seal key file its admins were made with", name, e.getMessage());
            return new byte[0];
        }
    }
}
