package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rounds.broker.api.ProfileSettings;
import org.rounds.broker.audit.Audit;

/**
 * Endpoint profiles, versioned: every change is a new version row (who, when), never an update
 * in place, and an audit row in the same transaction. Endpoints are assigned a profile by name
 * and follow its newest version; the others have the profile named {@link #DEFAULT}, when it
 * exists.
 */
public final class Profiles {
    /** The profile of endpoints assigned none. */
    public static final String DEFAULT = "default";

    private final Database db;

    public Profiles(Database db) {
        this.db = db;
    }

    /** One version of a profile. {@code changedBy}: the admin, {@code local:USER}, or empty. */
    public record Version(String name, int version, ProfileSettings settings, String changedBy, Instant changedAt) {}

    /** A profile's newest version and how many endpoints are assigned it by name. */
    public record Listed(Version current, int endpoints) {}

    /**
     * Writes {@code settings} as the profile's next version (version 1 for a new profile) and
     * audits it as {@code actor}; returns that version. Settings must be valid ({@link ProfileSettings#problem}).
     */
    public Version set(String name, ProfileSettings settings, String actor, Instant now) throws SQLException {
        return set(Tenant.DEFAULT, name, settings, actor, now);
    }

    /** As {@link #set(String, ProfileSettings, String, Instant)}, practice {@code tenant}'s profile of that name. */
    public Version set(Tenant tenant, String name, ProfileSettings settings, String actor, Instant now) throws SQLException {
        settings.problem().ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        for (int attempt = 1; ; attempt++) {
            try {
                return Tx.run(db, tenant, c -> {
                    int next = newest(c, tenant, name).map(Version::version).orElse(0) + 1;
                    Directory.update(c, "INSERT INTO profile_versions (tenant_id, profile_name, version, idle_lock_minutes, same_user_tap, tap_over, "
                                    + "clipboard, language, brokers, kiosk_account, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            tenant.name(), name, next, settings.idleLockMinutes(), settings.sameUserTap(), settings.tapOver(), settings.clipboard(),
                            settings.language(), String.join("\n", settings.brokers()), settings.kioskAccount(), actor, now);
                    Audit.appendIn(c, tenant, now, actor, "profile-changed", null, null, "profile " + name + " version " + next + ": "
                            + describe(settings));
                    return new Version(name, next, settings, actor == null ? "" : actor, now);
                });
            } catch (SQLException e) {
                // two admins saved the same profile at once: the loser takes the next number
                if (!Sessions.isDuplicate(e) || attempt == 3) throw e;
            }
        }
    }

    /** Every profile at its newest version, by name. */
    public List<Listed> list() throws SQLException {
        return list(Tenant.DEFAULT);
    }

    /** Practice {@code tenant}'s profiles at their newest versions, by name. */
    public List<Listed> list(Tenant tenant) throws SQLException {
        return Tx.run(db, tenant, c -> {
            List<Listed> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE v.tenant_id = ? AND v.version = (SELECT MAX(w.version) "
                    + "FROM profile_versions w WHERE w.tenant_id = v.tenant_id AND w.profile_name = v.profile_name) ORDER BY v.profile_name")) {
                ps.setString(1, tenant.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) all.add(new Listed(version(rs), 0));
                }
            }
            List<Listed> counted = new ArrayList<>();
            for (Listed l : all) counted.add(new Listed(l.current(), assigned(c, tenant, l.current().name()).size()));
            return counted;
        });
    }

    /** The profile's versions, newest first; empty when there is no such profile. */
    public List<Version> history(String name) throws SQLException {
        return history(Tenant.DEFAULT, name);
    }

    /** Practice {@code tenant}'s profile's versions, newest first; empty when it has no such profile. */
    public List<Version> history(Tenant tenant, String name) throws SQLException {
        return Tx.run(db, tenant, c -> {
            List<Version> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE v.tenant_id = ? AND v.profile_name = ? ORDER BY v.version DESC")) {
                ps.setString(1, tenant.name());
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) all.add(version(rs));
                }
            }
            return all;
        });
    }

    /** Assigns the profile to the endpoints (each audited); false when there is no such profile. */
    public boolean assign(String name, Collection<String> endpointIds, String actor, Instant now) throws SQLException {
        return assign(Tenant.DEFAULT, name, endpointIds, actor, now);
    }

    /** As {@link #assign(String, Collection, String, Instant)}, inside practice {@code tenant}. */
    public boolean assign(Tenant tenant, String name, Collection<String> endpointIds, String actor, Instant now) throws SQLException {
        return Tx.run(db, tenant, c -> {
            if (newest(c, tenant, name).isEmpty()) return false;
            for (String e : new LinkedHashSet<>(endpointIds)) {
                if (Directory.update(c, "UPDATE profile_assignments SET profile_name = ?, assigned_at = ? WHERE tenant_id = ? AND endpoint_id = ?",
                        name, now, tenant.name(), e) == 0) {
                    Directory.update(c, "INSERT INTO profile_assignments (tenant_id, endpoint_id, profile_name, assigned_at) VALUES (?, ?, ?, ?)",
                            tenant.name(), e, name, now);
                }
                Audit.appendIn(c, tenant, now, actor, "profile-assigned", null, e, "profile " + name);
            }
            return true;
        });
    }

    /** The endpoint's effective profile at its newest version: its assigned one, else {@link #DEFAULT}'s; empty when neither exists. */
    public Optional<Version> effective(String endpointId) throws SQLException {
        return effective(Tenant.DEFAULT, endpointId);
    }

    /** As {@link #effective(String)}, for endpoint {@code endpointId} of practice {@code tenant}: that practice's profiles only. */
    public Optional<Version> effective(Tenant tenant, String endpointId) throws SQLException {
        return Tx.run(db, tenant, c -> {
            Optional<String> assigned = assignedName(c, endpointId);
            Optional<Version> v = assigned.isPresent() ? newest(c, assigned.get()) : Optional.empty();
            return v.isPresent() ? v : newest(c, DEFAULT);
        });
    }

    /** The name of the profile assigned to the endpoint, if any (not counting the default). */
    public Optional<String> assignedTo(String endpointId) throws SQLException {
        return Tx.run(db, c -> assignedName(c, endpointId));
    }

    /**
     * The endpoints whose effective profile is {@code name}: those assigned it, and for
     * {@link #DEFAULT} also every known endpoint assigned none.
     */
    public Set<String> endpointsOf(String name) throws SQLException {
        return endpointsOf(Tenant.DEFAULT, name);
    }

    /** As {@link #endpointsOf(String)}, practice {@code tenant}'s endpoints only. */
    public Set<String> endpointsOf(Tenant tenant, String name) throws SQLException {
        return Tx.run(db, tenant, c -> {
            Set<String> out = new LinkedHashSet<>(assigned(c, tenant, name));
            if (name.equals(DEFAULT)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT e.id FROM endpoints e WHERE e.tenant_id = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM profile_assignments a WHERE a.tenant_id = e.tenant_id AND a.endpoint_id = e.id)")) {
                    ps.setString(1, tenant.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The kiosk account of the endpoint's effective profile (assigned, else default), read in the
     * caller's transaction; empty when it has none.
     */
    static Optional<String> kioskAccountOf(Connection c, String endpointId) throws SQLException {
        Optional<String> assigned = assignedName(c, endpointId);
        Optional<Version> v = assigned.isPresent() ? newest(c, assigned.get()) : Optional.empty();
        if (v.isEmpty()) v = newest(c, DEFAULT);
        return v.map(x -> x.settings().kioskAccount()).filter(a -> !a.isEmpty());
    }

    /** A row when user (2) of practice (1) is the kiosk account of some profile's newest version ({@link Directory#isKioskAccount}). */
    static final String KIOSK_ACCOUNT_OF_A_PROFILE = "SELECT 1 FROM profile_versions v WHERE v.tenant_id = ? AND v.kiosk_account = ? AND v.version = "
            + "(SELECT MAX(w.version) FROM profile_versions w WHERE w.tenant_id = v.tenant_id AND w.profile_name = v.profile_name)";

    private static List<String> assigned(Connection c, Tenant tenant, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT endpoint_id FROM profile_assignments WHERE tenant_id = ? AND profile_name = ? "
                + "ORDER BY endpoint_id")) {
            ps.setString(1, tenant.name());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            }
        }
    }

    private static Optional<String> assignedName(Connection c, String endpointId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT profile_name FROM profile_assignments WHERE tenant_id = ? AND endpoint_id = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, endpointId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static final String SELECT = "SELECT v.profile_name, v.version, v.idle_lock_minutes, v.same_user_tap, v.tap_over, v.clipboard, "
            + "v.language, v.brokers, v.kiosk_account, v.changed_by, v.changed_at FROM profile_versions v";

    private static Optional<Version> newest(Connection c, Tenant tenant, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE v.tenant_id = ? AND v.profile_name = ? ORDER BY v.version DESC")) {
            ps.setString(1, tenant.name());
            ps.setString(2, name);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs)) : Optional.empty();
            }
        }
    }

    private static Optional<Version> newest(Connection c, String name) throws SQLException {
        return newest(c, Tx.tenant(c), name);
    }

    private static Version version(ResultSet rs) throws SQLException {
        String brokers = rs.getString(8);
        ProfileSettings s = new ProfileSettings(rs.getInt(3), rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getString(7),
                brokers.isEmpty() ? List.of() : Arrays.asList(brokers.split("\n")), rs.getString(9));
        Timestamp at = rs.getTimestamp(11);
        return new Version(rs.getString(1), rs.getInt(2), s, rs.getString(10) == null ? "" : rs.getString(10), at.toInstant());
    }

    /** The audit row's detail: every setting, briefly. */
    private static String describe(ProfileSettings s) {
        return "idle lock " + s.idleLockMinutes() + " min, same-user tap " + s.sameUserTap() + ", tap-over " + s.tapOver()
                + ", clipboard " + s.clipboard() + ", language " + s.language() + ", brokers "
                + (s.brokers().isEmpty() ? "(endpoint's own)" : String.join(" ", s.brokers()))
                + ", kiosk account " + (s.kioskAccount().isEmpty() ? "(none)" : s.kioskAccount());
    }
}
