package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rounds.broker.audit.Audit;

/**
 * Enrolled endpoints: one-time enrolment codes (kept only as SHA-256), the certificates issued
 * against them (by serial) and revocation. Logs and audit rows name endpoints, never codes.
 */
public final class Enrolments {
    /** How long an enrolment code may wait to be used. */
    public static final Duration CODE_LIFETIME = EnrolmentCodes.LIFETIME;

    private final Database db;

    public Enrolments(Database db) {
        this.db = db;
    }

    /** An endpoint as the admin sees it. */
    public record Endpoint(String id, String kind, String location, String status, int certificates) {}

    /** What a valid client certificate stands for: an endpoint of practice {@code tenant}. */
    public record Enrolled(String endpointId, String kind, Tenant tenant) {
        /** An endpoint of the default practice. */
        public Enrolled(String endpointId, String kind) {
            this(endpointId, kind, Tenant.DEFAULT);
        }
    }

    /**
     * Adds the endpoint (or updates its kind and location) with a new enrolment code valid for
     * {@link #CODE_LIFETIME}, replacing any earlier unused code; a revoked endpoint becomes
     * pending again (its old certificates stay revoked). Returns the code: show it once.
     */
    public String add(String endpointId, String kind, String location, Instant now) throws SQLException {
        return add(endpointId, kind, location, "", now, null);
    }

    /**
     * As {@link #add(String, String, String, Instant)}, at {@code site} (where its users' desktops
     * are placed first; empty: any), audited as {@code actor} (an admin, or the local account of a tool).
     */
    public String add(String endpointId, String kind, String location, String site, Instant now, String actor) throws SQLException {
        return add(Tenant.DEFAULT, endpointId, kind, location, site, now, actor);
    }

    /**
     * As {@link #add(String, String, String, String, Instant, String)}, in practice {@code tenant}:
     * the certificate the code is traded for names that practice, and so do all the endpoint's calls.
     */
    public String add(Tenant tenant, String endpointId, String kind, String location, String site, Instant now, String actor)
            throws SQLException {
        String code = newCode();
        Tx.run(db, tenant, c -> {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM enrolments WHERE tenant_id = ? AND endpoint_id = ?")) {
                ps.setString(1, tenant.name());
                ps.setString(2, endpointId);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (exists) {
                Directory.update(c, "UPDATE enrolments SET kind = ?, location = ?, site = ?, code_hash = ?, code_expires = ?, "
                        + "status = CASE WHEN status = 'revoked' THEN 'pending' ELSE status END, revoked_at = NULL "
                        + "WHERE tenant_id = ? AND endpoint_id = ?", kind, location, site, hash(code), now.plus(CODE_LIFETIME),
                        tenant.name(), endpointId);
            } else {
                Directory.update(c, "INSERT INTO enrolments (tenant_id, endpoint_id, kind, location, site, status, code_hash, code_expires, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)", tenant.name(), endpointId, kind, location, site, hash(code),
                        now.plus(CODE_LIFETIME), now);
            }
            Audit.appendIn(c, tenant, now, actor, "endpoint-added", null, endpointId, kind + " enrolment code issued");
            return null;
        });
        return code;
    }

    /**
     * Uses up {@code code} inside {@code c}'s transaction: the endpoint it was issued for, in its
     * practice, when it is known, unused and unexpired; empty otherwise (one answer for all three,
     * so a caller learns nothing about which codes exist). Exactly one concurrent caller can win a
     * code. The code is how an enrolling endpoint finds its practice: {@code c} is in the service
     * mode ({@link Tx#asService}), or on PostgreSQL a practice's codes are not seen.
     */
    public static Optional<Enrolled> redeem(Connection c, String code, Instant now) throws SQLException {
        String hash = hash(code);
        String endpointId, kind, stored, tenant;
        Timestamp expires;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT endpoint_id, kind, code_hash, code_expires, tenant_id FROM enrolments WHERE code_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                endpointId = rs.getString(1);
                kind = rs.getString(2);
                stored = rs.getString(3);
                expires = rs.getTimestamp(4);
                tenant = rs.getString(5);
            }
        }
        if (!EnrolmentCodes.usable(stored, expires, hash, now)) return Optional.empty();
        int used = Directory.update(c, "UPDATE enrolments SET code_hash = NULL, code_expires = NULL, status = 'enrolled' "
                + "WHERE tenant_id = ? AND endpoint_id = ? AND code_hash = ?", tenant, endpointId, hash);
        return used == 1 ? Optional.of(new Enrolled(endpointId, kind, new Tenant(tenant))) : Optional.empty();
    }

    /** Records a certificate issued to an enrolled endpoint of the default practice. */
    public static void issued(Connection c, String endpointId, String serialHex, Instant now, Instant notAfter) throws SQLException {
        issued(c, Tenant.DEFAULT, endpointId, serialHex, now, notAfter);
    }

    /**
     * Records a certificate issued to an enrolled endpoint of practice {@code tenant}, and makes
     * the endpoint known to that practice's directory (every row names the practice: {@code c}
     * may be in the service mode).
     */
    public static void issued(Connection c, Tenant tenant, String endpointId, String serialHex, Instant now, Instant notAfter)
            throws SQLException {
        String t = tenant.name();
        Directory.update(c, "INSERT INTO endpoint_certificates (tenant_id, serial, endpoint_id, issued_at, not_after) VALUES (?, ?, ?, ?, ?)",
                t, serialHex, endpointId, now, notAfter);
        String kind, location;
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, location FROM enrolments WHERE tenant_id = ? AND endpoint_id = ?")) {
            ps.setString(1, t);
            ps.setString(2, endpointId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                kind = rs.getString(1);
                location = rs.getString(2);
            }
        }
        if (Directory.update(c, "UPDATE endpoints SET kind = ?, location = ?, last_seen = ? WHERE tenant_id = ? AND id = ?",
                kind, location, now, t, endpointId) == 0)
            Directory.update(c, "INSERT INTO endpoints (tenant_id, id, kind, location, last_seen) VALUES (?, ?, ?, ?, ?)",
                    t, endpointId, kind, location, now);
        Audit.appendIn(c, tenant, now, null, "endpoint-enrolled", null, endpointId, "certificate " + serialHex + " issued");
    }

    /**
     * The endpoint a certificate serial stands for, and its practice, when it was issued here and
     * neither it nor its endpoint is revoked. Serials are unique across practices (one CA issues
     * them all), so this reads in the service mode: the serial is what tells the practice.
     */
    public Optional<Enrolled> valid(String serialHex) throws SQLException {
        return Tx.asService(db, "an endpoint certificate's practice", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.endpoint_id, e.kind, e.tenant_id FROM endpoint_certificates x "
                    + "JOIN enrolments e ON e.tenant_id = x.tenant_id AND e.endpoint_id = x.endpoint_id "
                    + "WHERE x.serial = ? AND x.revoked_at IS NULL AND e.status = 'enrolled'")) {
                ps.setString(1, serialHex.toLowerCase(Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Enrolled(rs.getString(1), rs.getString(2), new Tenant(rs.getString(3))))
                            : Optional.empty();
                }
            }
        });
    }

    /** Revokes the endpoint, its unused code and every certificate issued to it; false when no such endpoint. */
    public boolean revoke(String endpointId, Instant now) throws SQLException {
        return revoke(endpointId, now, null);
    }

    /** As {@link #revoke(String, Instant)}, audited as {@code actor}. */
    public boolean revoke(String endpointId, Instant now, String actor) throws SQLException {
        return revoke(Tenant.DEFAULT, endpointId, now, actor);
    }

    /** As {@link #revoke(String, Instant, String)}, practice {@code tenant}'s endpoint: another practice's is not found. */
    public boolean revoke(Tenant tenant, String endpointId, Instant now, String actor) throws SQLException {
        return Tx.run(db, tenant, c -> {
            int n = Directory.update(c, "UPDATE enrolments SET status = 'revoked', code_hash = NULL, code_expires = NULL, "
                    + "revoked_at = ? WHERE tenant_id = ? AND endpoint_id = ?", now, tenant.name(), endpointId);
            if (n == 0) return false;
            int certs = Directory.update(c, "UPDATE endpoint_certificates SET revoked_at = ? WHERE tenant_id = ? AND endpoint_id = ? "
                    + "AND revoked_at IS NULL", now, tenant.name(), endpointId);
            Audit.appendIn(c, tenant, now, actor, "endpoint-revoked", null, endpointId, certs + " certificate(s) revoked");
            return true;
        });
    }

    /** An endpoint of a practice, as the service sees every practice's. */
    public record PracticeEndpoint(Tenant tenant, String endpointId) {}

    /**
     * Every practice's endpoints that were added for enrolment and are not enrolled now (revoked,
     * or pending again), in one statement across practices ({@link Tx#asService}): what a
     * broker checks its open push channels against twice a second. An endpoint holding a channel
     * was enrolled when it connected (its certificate says so), and rows are never deleted, so
     * these are all the channels to close; the set is small (revocations), where reading the
     * enrolled ones read every endpoint, and a statement per practice made 200 practices 400
     * transactions a second on each broker.
     */
    public java.util.Set<PracticeEndpoint> notEnrolled() throws SQLException {
        return Tx.asService(db, "push channels of endpoints no longer enrolled, in every practice", c -> {
            java.util.Set<PracticeEndpoint> not = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, endpoint_id FROM enrolments WHERE status <> 'enrolled'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) not.add(new PracticeEndpoint(Tenant.of(rs.getString(1)), rs.getString(2)));
            }
            return not;
        });
    }

    /** Practice {@code tenant}'s endpoints added for enrolment, by id. */
    public List<Endpoint> list(Tenant tenant) throws SQLException {
        return Tx.run(db, tenant, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.endpoint_id, e.kind, e.location, e.status, "
                    + "(SELECT COUNT(*) FROM endpoint_certificates x WHERE x.tenant_id = e.tenant_id AND x.endpoint_id = e.endpoint_id) "
                    + "FROM enrolments e WHERE e.tenant_id = ? ORDER BY e.endpoint_id")) {
                ps.setString(1, tenant.name());
                try (ResultSet rs = ps.executeQuery()) {
                    List<Endpoint> all = new ArrayList<>();
                    while (rs.next()) all.add(new Endpoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                    return all;
                }
            }
        });
    }

    /** The default practice's endpoints added for enrolment, by id. */
    public List<Endpoint> list() throws SQLException {
        return list(Tenant.DEFAULT);
    }

    private static String newCode() {
        return EnrolmentCodes.newCode();
    }

    static String hash(String code) {
        return EnrolmentCodes.hash(code);
    }
}
