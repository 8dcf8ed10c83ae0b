package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A badge as the store knows it: its HMAC under one of the broker's keys, and that key's id
 * (V7). After a key rotation a badge is found under an earlier key and re-tagged under the
 * current one in the same transaction, so earlier keys fall out of use as badges are tapped.
 */
public final class BadgeTags {
    private BadgeTags() {}

    /** The HMAC of one badge under the key named {@code keyId}. */
    public record Tag(String hmac, String keyId) {}

    /**
     * The user of the practice {@code c}'s transaction named ({@link Tx#tenant}) whose badge has one of these tags (the
     * current key's first, made with that practice's badge key); re-tags it under the first when found under another.
     */
    public static Optional<Directory.User> find(Connection c, List<Tag> tags) throws SQLException {
        for (int i = 0; i < tags.size(); i++) {
            Optional<Directory.User> u = Directory.userByBadge(c, tags.get(i).hmac());
            if (u.isEmpty()) continue;
            if (i > 0) {
                String tenant = Tx.tenant(c).name();
                Directory.update(c, "DELETE FROM badges WHERE tenant_id = ? AND badge_hmac = ?", tenant, tags.get(0).hmac());
                Directory.update(c, "UPDATE badges SET badge_hmac = ?, key_id = ? WHERE tenant_id = ? AND badge_hmac = ?",
                        tags.get(0).hmac(), tags.get(0).keyId(), tenant, tags.get(i).hmac());
            }
            return u;
        }
        return Optional.empty();
    }

    /** How many badges each key id holds; the key {@code ""} counts rows written without one (any key may hold them). */
    public static Map<String, Integer> countByKey(Connection c) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key_id, COUNT(*) FROM badges GROUP BY key_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) counts.put(rs.getString(1) == null ? "" : rs.getString(1), rs.getInt(2));
        }
        return counts;
    }
}
