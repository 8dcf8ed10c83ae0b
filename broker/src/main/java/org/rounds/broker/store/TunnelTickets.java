package org.rounds.broker.store;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.TunnelTarget;
import org.rounds.broker.auth.SecretSeal;
import org.rounds.broker.auth.Sha256;

/**
 * Tunnel tickets: what an outside device hands its gateway to open the tunnel to its desktop.
 * 32 random bytes (base64url), kept only as SHA-256, good once and for {@link #LIFETIME}, bound
 * to the desktop's host and port: a copy of the database opens no tunnel, and a ticket seen in
 * passing is worthless once used. The retention job purges expired ones ({@code Retention}).
 * The desktop's one-time password, kept for a gateway that ends the desktop's TLS, is sealed
 * (AES-256-GCM) under a key derived from the ticket itself, which the store never holds: the
 * database alone cannot give it back, only the redemption that brings the ticket.
 */
public final class TunnelTickets {
    /** How long a ticket waits to be redeemed: the device opens its tunnel right after signing in. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final SecureRandom random = new SecureRandom();

    private TunnelTickets() {}

    /** A new ticket to {@code host}:{@code port} for {@code userId}, stored in {@code c}'s transaction; show it once. */
    public static String issue(Connection c, String userId, String host, int port, Instant now) throws SQLException {
        return issue(c, userId, host, port, null, null, now);
    }

    /**
     * A new ticket to {@code desktop} for {@code userId}, stored in {@code c}'s transaction; show it
     * once. The desktop's pin and one-time password are kept with it for a gateway that ends the
     * desktop's TLS, and go when the ticket is redeemed or expires.
     */
    public static String issue(Connection c, String userId, DesktopAddress desktop, Instant now) throws SQLException {
        return issue(c, userId, desktop.host(), desktop.port(), desktop.pin(), desktop.password(), now);
    }

    private static String issue(Connection c, String userId, String host, int port, String pin, String password, Instant now) throws SQLException {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String hash = Sha256.hex(ticket);
        String sealed = password == null ? null : sealOf(ticket).seal(password.getBytes(StandardCharsets.UTF_8), hash);
        Directory.update(c, "INSERT INTO tunnel_tickets (tenant_id, ticket_sha256, user_id, host, port, expires_at, pin, desktop_password) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Tx.tenant(c).name(), hash, userId, host, port, now.plus(LIFETIME), pin, sealed);
        return ticket;
    }

    /**
     * Uses up {@code ticket} of the practice of {@code c}'s transaction (a gateway's): where its tunnel goes, when it is known,
     * unused and unexpired; empty otherwise (one answer for all three). Exactly one of two
     * racing redemptions wins: the row is deleted, and only the deleter gets the target.
     */
    public static Optional<TunnelTarget> redeem(Connection c, String ticket, Instant now) throws SQLException {
        String hash = Sha256.hex(ticket);
        TunnelTarget target;
        Instant expires;
        try (PreparedStatement ps = c.prepareStatement("SELECT host, port, user_id, expires_at, pin, desktop_password FROM tunnel_tickets WHERE tenant_id = ? AND ticket_sha256 = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                String sealed = rs.getString(6);
                String password = sealed == null ? null : new String(sealOf(ticket).open(sealed, hash), StandardCharsets.UTF_8);
                target = new TunnelTarget(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(5), password);
                expires = rs.getTimestamp(4).toInstant();
            }
        }
        if (Directory.update(c, "DELETE FROM tunnel_tickets WHERE tenant_id = ? AND ticket_sha256 = ?", Tx.tenant(c).name(), hash) != 1) return Optional.empty();
        return now.isBefore(expires) ? Optional.of(target) : Optional.empty();
    }

    /** The seal of one ticket's desktop password: 256 random bits need no stretching, only a label of their own. */
    private static SecretSeal sealOf(String ticket) {
        return SecretSeal.aesGcm(Sha256.of(SEAL_LABEL + ticket));
    }

    private static final String SEAL_LABEL = "rounds tunnel ticket desktop password\n";

}
