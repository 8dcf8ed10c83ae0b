package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rounds.broker.audit.Audit;

/**
 * Remote-access gateways in the shared store, enrolled as desktop hosts are ({@link Hosts}):
 * one-time codes (only SHA-256 kept, valid 24 h), the certificates issued against them, and
 * revocation. Audit rows name gateways, never codes.
 */
public final class Gateways {
    private final Database db;

    public Gateways(Database db) {
        this.db = db;
    }

    /** A gateway as {@code rounds broker gateways list} shows it; its JSON has exactly these keys. */
    public record Listed(String name, String status, int certificates, String createdAt) {}

    /**
     * Adds gateway {@code name} with a new enrolment code valid for 24 h, replacing any unused
     * code; a revoked gateway becomes pending again (its old certificates stay revoked). Returns
     * the code: show it once.
     */
    public String add(String name, Instant now, String actor) throws SQLException {
        return add(Tenant.DEFAULT, name, now, actor);
    }

    /** As {@link #add(String, Instant, String)}, in practice {@code tenant}: its users sign in through it, and no other practice's. */
    public String add(Tenant tenant, String name, Instant now, String actor) throws SQLException {
        String code = EnrolmentCodes.newCode();
        String hash = EnrolmentCodes.hash(code);
        Instant expires = now.plus(EnrolmentCodes.LIFETIME);
        Tx.run(db, tenant, c -> {
            int n = Directory.update(c, "UPDATE gateways SET code_hash = ?, code_expires = ?, "
                    + "status = CASE WHEN status = 'revoked' THEN 'pending' ELSE status END, revoked_at = NULL WHERE tenant_id = ? AND name = ?",
                    hash, expires, tenant.name(), name);
            if (n == 0)
                Directory.update(c, "INSERT INTO gateways (tenant_id, name, status, code_hash, code_expires, created_at) "
                        + "VALUES (?, ?, 'pending', ?, ?, ?)", tenant.name(), name, hash, expires, now);
            Audit.appendBy(c, now, actor, "gateway-added", null, null, "gateway " + name + ": enrolment code issued");
            return null;
        });
        return code;
    }

    /**
     * Uses up {@code code} inside {@code c}'s transaction: the gateway it was issued for, when it
     * is known, unused and unexpired; empty otherwise (one answer for all three).
     */
    public static Optional<String> redeem(Connection c, String code, Instant now) throws SQLException {
        return redeemNamed(c, code, now).map(EnrolledName::name);
    }

    /**
     * As {@link #redeem}, with the practice the code was made for: {@code c} is in the service
     * mode ({@link Tx#asService}), the code being what tells the practice.
     */
    public static Optional<EnrolledName> redeemNamed(Connection c, String code, Instant now) throws SQLException {
        return EnrolledKind.GATEWAY.redeem(c, code, now);
    }

    /** Records a certificate issued to an enrolled gateway, in the redeeming transaction. */
    public static void issued(Connection c, String name, String serialHex, Instant now, Instant notAfter) throws SQLException {
        issued(c, Tenant.DEFAULT, name, serialHex, now, notAfter);
    }

    /** Records a certificate issued to {@code name} of practice {@code tenant}, in the redeeming transaction. */
    public static void issued(Connection c, Tenant tenant, String name, String serialHex, Instant now, Instant notAfter) throws SQLException {
        EnrolledKind.GATEWAY.issued(c, tenant, name, serialHex, now, notAfter);
    }

    /** The enrolled gateway of the default practice whose certificate this is, while neither is revoked. */
    public Optional<String> enrolledGateway(String certificateSerialHex) throws SQLException {
        return enrolledGatewayNamed(certificateSerialHex).filter(n -> n.tenant().isDefault()).map(EnrolledName::name);
    }

    /** The enrolled gateway whose certificate this is, and its practice, while neither is revoked. */
    public Optional<EnrolledName> enrolledGatewayNamed(String certificateSerialHex) throws SQLException {
        return EnrolledKind.GATEWAY.enrolled(db, certificateSerialHex);
    }

    /** Every gateway not revoked, by name, with its count of certificates not revoked. */
    public List<Listed> listed() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT g.name, g.status, g.created_at, (SELECT COUNT(*) FROM "
                     + "gateway_certificates x WHERE x.gateway_name = g.name AND x.revoked_at IS NULL) FROM gateways g "
                     + "WHERE g.status <> 'revoked' ORDER BY g.name");
             ResultSet rs = ps.executeQuery()) {
            List<Listed> all = new ArrayList<>();
            while (rs.next())
                all.add(new Listed(rs.getString(1), rs.getString(2), rs.getInt(4), rs.getTimestamp(3).toInstant().toString()));
            return all;
        }
    }

    /** Revokes gateway {@code name}, its unused code and every certificate issued to it; false when no such gateway. */
    public boolean revoke(String name, Instant now, String actor) throws SQLException {
        return EnrolledKind.GATEWAY.revoke(db, "UPDATE gateways SET status = 'revoked', code_hash = NULL, code_expires = NULL, "
                + "revoked_at = ? WHERE name = ? AND status <> 'revoked'", name, now, actor);
    }

    /** The one line for a gateway name that is not added (or is revoked). */
    public static String unknown(String name) {
        return "no gateway " + name + " was added (or it is revoked): 'rounds broker gateways list' shows them";
    }
}
