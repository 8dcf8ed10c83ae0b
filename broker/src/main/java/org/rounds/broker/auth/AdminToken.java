package org.rounds.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tx;

/**
 * The bearer token of the admin API. Made on a store's first start (the broker prints it once);
 * the store keeps only its SHA-256, shared by every broker on that database.
 */
public final class AdminToken {
    private static final String SETTING = "admin-token-sha256";
    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /** The store's token check, and the token itself when it was made just now (to show once). */
    public record Loaded(AdminToken check, Optional<String> fresh) {}

    public static Loaded loadOrCreate(Database db) throws SQLException {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = "rat_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String freshDigest = HexFormat.of().formatHex(sha256(token));
        String[] made = {null};
        String stored = Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM settings WHERE setting_name = ?")) {
                ps.setString(1, SETTING);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (setting_name, setting_value) VALUES (?, ?)")) {
                ps.setString(1, SETTING);
                ps.setString(2, freshDigest);
                ps.executeUpdate();
            }
            made[0] = token;
            return freshDigest;
        });
        return new Loaded(new AdminToken(HexFormat.of().parseHex(stored)), Optional.ofNullable(made[0]));
    }

    /** Whether an {@code Authorization} header value carries the token (constant-time compare). */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) return false;
        return MessageDigest.isEqual(digest, sha256(authorization.substring("Bearer ".length()).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
