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
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.audit.Audit;
import org.rounds.broker.hosts.HostRegistry;
import org.rounds.broker.hosts.HostState;

/**
 * Enrolled desktop hosts in the shared store: their one-time enrolment codes (only SHA-256 kept),
 * the certificates issued against them, drain and revocation, and what each host last said on
 * its control channel. Audit rows name hosts, never codes. SQL failures of the {@link
 * HostRegistry} methods are {@link IllegalStateException}s naming the host.
 */
public final class Hosts implements HostRegistry {
    private final Database db;

    /**
     * Whether {@code site} can name a site (of a host, or of an endpoint in {@code
     * enrolments.site}): empty, or at most 64 characters of A-Z a-z 0-9 . _ : -.
     */
    public static boolean isSite(String site) {
        return site.matches("[A-Za-z0-9._:-]{0,64}");
    }

    public Hosts(Database db) {
        this.db = db;
    }

    /**
     * Adds host {@code name} at {@code site} (empty: any) with a new enrolment code valid for 24 h,
     * replacing any earlier unused code; a revoked host becomes pending again (its old
     * certificates stay revoked), an enrolled one keeps its certificate until the new code is used.
     * Returns the code: show it once.
     */
    public String add(String name, String site, Instant now, String actor) throws SQLException {
        return add(Tenant.DEFAULT, name, site, now, actor);
    }

    /** As {@link #add(String, String, Instant, String)}, a host of practice {@code tenant}: its code's row names the practice. */
    public String add(Tenant tenant, String name, String site, Instant now, String actor) throws SQLException {
        String code = EnrolmentCodes.newCode();
        String hash = EnrolmentCodes.hash(code);
        Instant expires = now.plus(EnrolmentCodes.LIFETIME);
        Tx.run(db, tenant, c -> {
            int n = Directory.update(c, "UPDATE hosts SET site = ?, code_hash = ?, code_expires = ?, "
                    + "status = CASE WHEN status = 'revoked' THEN 'pending' ELSE status END, revoked_at = NULL "
                    + "WHERE tenant_id = ? AND name = ?", site, hash, expires, tenant.name(), name);
            if (n == 0)
                Directory.update(c, "INSERT INTO hosts (tenant_id, name, site, status, code_hash, code_expires, drained, capacity, sessions, "
                        + "healthy, created_at) VALUES (?, ?, ?, 'pending', ?, ?, FALSE, 0, 0, FALSE, ?)", tenant.name(), name, site, hash, expires, now);
            Audit.appendIn(c, tenant, now, actor, "host-added", null, null, "host " + name + (site.isEmpty() ? "" : " at site " + site)
                    + ": enrolment code issued");
            return null;
        });
        return code;
    }

    /**
     * Uses up {@code code} inside {@code c}'s transaction: the host it was issued for, when it is
     * known, unused and unexpired; empty otherwise (one answer for all three). Exactly one
     * concurrent caller can win a code.
     */
    public static Optional<String> redeem(Connection c, String code, Instant now) throws SQLException {
        return redeemNamed(c, code, now).map(EnrolledName::name);
    }

    /**
     * As {@link #redeem}, with the practice the code was made for: {@code c} is in the service
     * mode ({@link Tx#asService}), the code being what tells the practice.
     */
    public static Optional<EnrolledName> redeemNamed(Connection c, String code, Instant now) throws SQLException {
        return EnrolledKind.HOST.redeem(c, code, now);
    }

    /** Records a certificate issued to an enrolled host, in the redeeming transaction. */
    public static void issued(Connection c, String name, String serialHex, Instant now, Instant notAfter) throws SQLException {
        issued(c, Tenant.DEFAULT, name, serialHex, now, notAfter);
    }

    /** Records a certificate issued to {@code name} of practice {@code tenant}, in the redeeming transaction. */
    public static void issued(Connection c, Tenant tenant, String name, String serialHex, Instant now, Instant notAfter) throws SQLException {
        EnrolledKind.HOST.issued(c, tenant, name, serialHex, now, notAfter);
    }

    /** The host whose certificate this is, as its {@link HostKey} (its name in the default practice, else PRACTICE/NAME). */
    @Override
    public Optional<String> enrolledHost(String certificateSerialHex) {
        return enrolledHostNamed(certificateSerialHex).map(HostKey::of);
    }

    @Override
    public Optional<EnrolledName> enrolledHostNamed(String certificateSerialHex) {
        try {
            return EnrolledKind.HOST.enrolled(db, certificateSerialHex);
        } catch (SQLException e) {
            throw new IllegalStateException("looking up a host certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A hello's site, when not empty, replaces the one the admin gave: the host knows where it
     * runs. A hello the store cannot hold is {@link IllegalArgumentException}, one line naming the field.
     */
    @Override
    public void hello(String host, HostMessage.Hello hello, String brokerId, Instant now) {
        checked(hello);
        String site = hello.site().isEmpty() ? "site" : "?";
        List<Object> args = new ArrayList<>(List.of(hello.provider(), hello.address(), hello.pin(), hello.capacity(), hello.desktops().size()));
        if (!hello.site().isEmpty()) args.add(hello.site());
        args.addAll(List.of(brokerId, now, HostKey.name(host)));
        write(host, "hello", "UPDATE hosts SET provider = ?, address = ?, pin = ?, capacity = ?, sessions = ?, healthy = TRUE, "
                + "site = " + site + ", channel_broker = ?, last_heartbeat = ? WHERE name = ? AND status = 'enrolled'", args.toArray());
    }

    /** What the hosts table can hold, checked before it is written (the channel closes on a hello it cannot take). */
    static void checked(HostMessage.Hello hello) {
        if (hello.provider() == null || !hello.provider().matches("embedded|xvnc|static"))
            throw new IllegalArgumentException("hello: provider must be embedded, xvnc or static");
        if (hello.address() == null || !hello.address().matches("[^\\s/]{1,250}:[0-9]{1,5}"))
            throw new IllegalArgumentException("hello: address must be HOST:PORT (the host's --advertise)");
        if (hello.pin() == null || !hello.pin().matches("[0-9a-f]{64}"))
            throw new IllegalArgumentException("hello: pin must be the SHA-256 of the host's certificate, 64 lower-case hex digits");
        if (hello.capacity() < 0) throw new IllegalArgumentException("hello: capacity must not be negative");
        if (!isSite(hello.site()))
            throw new IllegalArgumentException("hello: site must be at most 64 characters of A-Z a-z 0-9 . _ : -");
    }

    @Override
    public void heartbeat(String host, HostMessage.Heartbeat beat, String brokerId, Instant now) {
        write(host, "heartbeat", "UPDATE hosts SET capacity = ?, sessions = ?, healthy = ?, channel_broker = ?, last_heartbeat = ? "
                + "WHERE name = ? AND status = 'enrolled'", beat.capacity(), beat.desktops().size(), beat.healthy(), brokerId, now, HostKey.name(host));
    }

    /** Clears the channel only while it still names {@code brokerId}: the host may already have moved to another broker. */
    @Override
    public void channelClosed(String host, String brokerId, Instant now) {
        write(host, "closed channel", "UPDATE hosts SET channel_broker = NULL WHERE name = ? AND channel_broker = ?", HostKey.name(host), brokerId);
    }

    /**
     * Runs {@code sql} (which ends in its WHERE clause) on the row of host {@code host} (a {@link
     * HostKey}) in its practice: another practice's host of the same name is another row.
     */
    private void write(String host, String what, String sql, Object... args) {
        Tenant tenant = HostKey.tenant(host);
        Object[] inPractice = java.util.Arrays.copyOf(args, args.length + 1);
        inPractice[args.length] = tenant.name();
        try {
            Tx.run(db, tenant, c -> Directory.update(c, sql + " AND tenant_id = ?", inPractice));
        } catch (SQLException e) {
            throw new IllegalStateException("recording host " + host + "'s " + what + ": " + e.getMessage(), e);
        }
    }

    /** Every host not revoked, by name; a pending host (not enrolled yet) is down. */
    @Override
    public List<HostState> hosts(Instant now) {
        try (Connection c = db.connection()) {
            return hosts(c, now);
        } catch (SQLException e) {
            throw new IllegalStateException("listing hosts: " + e.getMessage(), e);
        }
    }

    /** {@link #hosts(Instant)} of the practice of the caller's transaction, through its connection: a practice's taps are placed on its own hosts only. */
    @Override
    public List<HostState> hosts(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, site, status, drained, provider, address, pin, capacity, "
                     + "sessions, channel_broker, last_heartbeat FROM hosts WHERE tenant_id = ? AND status <> 'revoked' ORDER BY name")) {
            Tenant tenant = Tx.tenant(c);
            ps.setString(1, tenant.name());
            try (ResultSet rs = ps.executeQuery()) {
                return hosts(rs, tenant, now);
            }
        }
    }

    /** The hosts of {@code rs}, each named by its {@link HostKey} in {@code tenant}. */
    private static List<HostState> hosts(ResultSet rs, Tenant tenant, Instant now) throws SQLException {
        List<HostState> all = new ArrayList<>();
        while (rs.next()) {
            Optional<String> broker = Optional.ofNullable(rs.getString(10));
            Optional<Instant> beat = Optional.ofNullable(rs.getTimestamp(11)).map(Timestamp::toInstant);
            all.add(new HostState(HostKey.of(tenant, rs.getString(1)), rs.getString(2), state(rs.getString(3), rs.getBoolean(4), broker, beat, now),
                    orEmpty(rs.getString(5)), orEmpty(rs.getString(6)), orEmpty(rs.getString(7)), rs.getInt(8), rs.getInt(9),
                    broker, beat));
        }
        return all;
    }

    @Override
    public void stopped(String host, String brokerId, Instant now) {
        write(host, "stop", "UPDATE hosts SET channel_broker = NULL, last_heartbeat = NULL WHERE name = ? AND channel_broker = ?", HostKey.name(host), brokerId);
    }

    /** {@code host} is a {@link HostKey}: its users, and the hosts they may since be placed on, are its practice's. */
    @Override
    public List<String> strays(String host, List<String> users, Instant now) {
        if (users.isEmpty()) return List.of();
        Tenant tenant = HostKey.tenant(host);
        try {
            return Tx.run(db, tenant, c -> {
                java.util.Set<String> alive = new java.util.HashSet<>();
                for (HostState h : hosts(c, now)) if (!h.state().equals("down")) alive.add(h.name());
                List<String> strays = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT desktop_host FROM desktop_sessions WHERE tenant_id = ? AND user_id = ?")) {
                    for (String user : users) {
                        ps.setString(1, tenant.name());
                        ps.setString(2, user);
                        try (ResultSet rs = ps.executeQuery()) {
                            String placed = rs.next() ? rs.getString(1) : null;
                            if (placed != null && !placed.equals(host) && alive.contains(placed)) strays.add(user);
                        }
                    }
                }
                return strays;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("looking up where host " + host + "'s users are placed: " + e.getMessage(), e);
        }
    }

    /**
     * A host as {@code rounds broker hosts list} shows it; {@code lastHeartbeat} an ISO-8601
     * instant, null before the host first spoke. Its JSON has exactly these keys.
     */
    public record Listed(String name, String site, String address, String state, int sessions, int capacity, String provider,
                         String lastHeartbeat) {
        static Listed of(HostState h) {
            return new Listed(h.name(), h.site(), h.address(), h.state(), h.sessions(), h.capacity(), h.provider(),
                    h.lastHeartbeat().map(Instant::toString).orElse(null));
        }
    }

    /** Practice {@code tenant}'s hosts not revoked, as its admin sees them, by name. */
    public List<Listed> listed(Tenant tenant, Instant now) throws SQLException {
        return Tx.run(db, tenant, c -> {
            List<Listed> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, site, status, drained, provider, address, pin, capacity, "
                    + "sessions, channel_broker, last_heartbeat FROM hosts WHERE tenant_id = ? AND status <> 'revoked' ORDER BY name")) {
                ps.setString(1, tenant.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Optional<String> broker = Optional.ofNullable(rs.getString(10));
                        Optional<Instant> beat = Optional.ofNullable(rs.getTimestamp(11)).map(Timestamp::toInstant);
                        all.add(Listed.of(new HostState(rs.getString(1), rs.getString(2), state(rs.getString(3), rs.getBoolean(4), broker, beat, now),
                                orEmpty(rs.getString(5)), orEmpty(rs.getString(6)), orEmpty(rs.getString(7)), rs.getInt(8), rs.getInt(9),
                                broker, beat)));
                    }
                }
            }
            return all;
        });
    }

    /** Practice {@code tenant}'s drained hosts, by name (see {@link #drained()}). */
    public java.util.Set<String> drained(Tenant tenant) throws SQLException {
        return Tx.run(db, tenant, c -> {
            java.util.Set<String> names = new java.util.TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM hosts WHERE tenant_id = ? AND drained AND status <> 'revoked'")) {
                ps.setString(1, tenant.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /** The default practice's hosts as the admin sees them. */
    public List<Listed> listed(Instant now) {
        try {
            return listed(Tenant.DEFAULT, now);
        } catch (SQLException e) {
            throw new IllegalStateException("listing hosts: " + e.getMessage(), e);
        }
    }

    /**
     * The names of the hosts an admin drained: a drained host that is down shows "down" in
     * {@link #listed}, and the console must still offer to undrain it.
     */
    public java.util.Set<String> drained() throws SQLException {
        return drained(Tenant.DEFAULT);
    }

    /** The one line for a host name that is not added (or revoked): drain, undrain and revoke. */
    public static String unknown(String name) {
        return "no host " + name + " was added (or it is revoked): 'rounds broker hosts list' shows them";
    }

    /**
     * down without a heartbeat within {@link HostMessage#DOWN_AFTER_MILLIS}; draining when drained;
     * else up. A closed channel alone is not down: a host fails over to another broker within a
     * second (a broker restarting in a rolling upgrade closes every host's channel at once), and a
     * host without a channel is passed over by a hand-over that cannot reach it.
     */
    static String state(String status, boolean drained, Optional<String> broker, Optional<Instant> beat, Instant now) {
        Instant freshAfter = now.minusMillis(HostMessage.DOWN_AFTER_MILLIS);
        boolean alive = status.equals("enrolled") && beat.isPresent() && !beat.get().isBefore(freshAfter);
        return !alive ? "down" : drained ? "draining" : "up";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    /** Stops ({@code drained}) or restarts new placements on host {@code name}; false when no such host. */
    public boolean drain(String name, boolean drained, Instant now, String actor) throws SQLException {
        return drain(Tenant.DEFAULT, name, drained, now, actor);
    }

    /** As {@link #drain(String, boolean, Instant, String)}, practice {@code tenant}'s host: another practice's is not found. */
    public boolean drain(Tenant tenant, String name, boolean drained, Instant now, String actor) throws SQLException {
        return Tx.run(db, tenant, c -> {
            if (Directory.update(c, "UPDATE hosts SET drained = ? WHERE tenant_id = ? AND name = ? AND status <> 'revoked'",
                    drained, tenant.name(), name) == 0) return false;
            Audit.appendIn(c, tenant, now, actor, drained ? "host-drained" : "host-undrained", null, null,
                    "host " + name + (drained ? ": no new placements" : ": new placements again"));
            return true;
        });
    }

    /**
     * Revokes host {@code name}, its unused code and every certificate issued to it, and marks it
     * down (no channel); false when no such host.
     */
    public boolean revoke(String name, Instant now, String actor) throws SQLException {
        return revoke(Tenant.DEFAULT, name, now, actor);
    }

    /** As {@link #revoke(String, Instant, String)}, practice {@code tenant}'s host: another practice's is not found. */
    public boolean revoke(Tenant tenant, String name, Instant now, String actor) throws SQLException {
        return EnrolledKind.HOST.revoke(db, tenant, "UPDATE hosts SET status = 'revoked', code_hash = NULL, code_expires = NULL, "
                + "channel_broker = NULL, revoked_at = ? WHERE name = ?", name, now, actor);
    }
}
