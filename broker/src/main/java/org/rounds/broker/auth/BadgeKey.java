package org.rounds.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tx;

/**
 * The broker's secret for badges: a badge is stored and looked up only as HMAC-SHA256 of its
 * credential under this key, so the database never holds a badge number. The key is made on
 * first start and kept in the database's settings, shared by every broker on that database.
 */
public final class BadgeKey {
    private static final String SETTING = "badge-hmac-key";
    private final byte[] key;

    private BadgeKey(byte[] key) {
        this.key = key;
    }

    public static BadgeKey loadOrCreate(Database db) throws SQLException {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String encoded = Tx.run(db, c -> {
            String existing = read(c);
            if (existing != null) return existing;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (setting_name, setting_value) VALUES (?, ?)")) {
                ps.setString(1, SETTING);
                ps.setString(2, Base64.getEncoder().encodeToString(fresh));
                ps.executeUpdate();
            }
            return Base64.getEncoder().encodeToString(fresh);
        });
        return new BadgeKey(Base64.getDecoder().decode(encoded));
    }

    private static String read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM settings WHERE setting_name = ?")) {
            ps.setString(1, SETTING);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The 64 hex characters stored for a badge credential. */
    public String hmac(String credential) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
