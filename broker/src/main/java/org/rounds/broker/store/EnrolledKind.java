package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.rounds.broker.audit.Audit;

/**
 * What desktop hosts ({@link Hosts}) and remote-access gateways ({@link Gateways}) share in the
 * store: a table of names holding a one-time code's hash, a table of the certificates issued to
 * them by serial, and the audit rows that name them (never a code). The table and column names
 * are these constants, never input.
 */
record EnrolledKind(String table, String certificates, String holder, String noun) {
    static final EnrolledKind HOST = new EnrolledKind("hosts", "host_certificates", "host_name", "host");
    static final EnrolledKind GATEWAY = new EnrolledKind("gateways", "gateway_certificates", "gateway_name", "gateway");

    /**
     * Uses up {@code code} inside {@code c}'s transaction: the name it was issued for, when it is
     * known, unused and unexpired; empty otherwise (one answer for all three). Exactly one
     * concurrent caller can win a code.
     */
    Optional<EnrolledName> redeem(Connection c, String code, Instant now) throws SQLException {
        String hash = EnrolmentCodes.hash(code);
        String name, stored, tenant;
        Timestamp expires;
        try (PreparedStatement ps = c.prepareStatement("SELECT name, code_hash, code_expires, tenant_id FROM " + table + " WHERE code_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                name = rs.getString(1);
                stored = rs.getString(2);
                expires = rs.getTimestamp(3);
                tenant = rs.getString(4);
            }
        }
        if (!EnrolmentCodes.usable(stored, expires, hash, now)) return Optional.empty();
        int used = Directory.update(c, "UPDATE " + table + " SET code_hash = NULL, code_expires = NULL, status = 'enrolled' "
                + "WHERE tenant_id = ? AND name = ? AND code_hash = ?", tenant, name, hash);
        return used == 1 ? Optional.of(new EnrolledName(new Tenant(tenant), name)) : Optional.empty();
    }

    /** Records a certificate issued to {@code name} of practice {@code tenant}, in the redeeming transaction (it may be the service mode's). */
    void issued(Connection c, Tenant tenant, String name, String serialHex, Instant now, Instant notAfter) throws SQLException {
        Directory.update(c, "INSERT INTO " + certificates + " (tenant_id, serial, " + holder + ", issued_at, not_after) VALUES (?, ?, ?, ?, ?)",
                tenant.name(), serialHex.toLowerCase(Locale.ROOT), name, now, notAfter);
        Audit.appendIn(c, tenant, now, null, noun + "-enrolled", null, null, noun + " " + name + ": certificate " + serialHex + " issued");
    }

    /**
     * The enrolled name whose certificate this is, and its practice, while neither is revoked.
     * Serials are unique across practices (one CA), so this reads in the service mode.
     */
    Optional<EnrolledName> enrolled(Database db, String certificateSerialHex) throws SQLException {
        return Tx.asService(db, "a " + noun + " certificate's practice", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT t.name, t.tenant_id FROM " + certificates + " x JOIN " + table + " t "
                    + "ON t.tenant_id = x.tenant_id AND t.name = x." + holder
                    + " WHERE x.serial = ? AND x.revoked_at IS NULL AND t.status = 'enrolled'")) {
                ps.setString(1, certificateSerialHex.toLowerCase(Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new EnrolledName(new Tenant(rs.getString(2)), rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /**
     * Revokes {@code name} with {@code revokeName} (its own UPDATE, whose parameters are the time
     * and the name; 0 rows: no such name), then every certificate issued to it, in one
     * transaction with its audit row; false when no such name.
     */
    boolean revoke(Database db, String revokeName, String name, Instant now, String actor) throws SQLException {
        return revoke(db, Tenant.DEFAULT, revokeName, name, now, actor);
    }

    /** As {@link #revoke(Database, String, String, Instant, String)}, in practice {@code tenant} (its UPDATE's last parameter is the tenant). */
    boolean revoke(Database db, Tenant tenant, String revokeName, String name, Instant now, String actor) throws SQLException {
        return Tx.run(db, tenant, c -> {
            if (Directory.update(c, revokeName + " AND tenant_id = ?", now, name, tenant.name()) == 0) return false;
            int certs = Directory.update(c, "UPDATE " + certificates + " SET revoked_at = ? WHERE tenant_id = ? AND " + holder
                    + " = ? AND revoked_at IS NULL", now, tenant.name(), name);
            Audit.appendIn(c, tenant, now, actor, noun + "-revoked", null, null, noun + " " + name + ": " + certs + " certificate(s) revoked");
            return true;
        });
    }
}
