package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rounds.broker.audit.Audit;

/**
 * Tap to enrol: an admin arms an endpoint for a user, and the next badge tapped there is bound
 * to that user (as its HMAC: nobody types the number, and it is never logged or returned).
 * Armings expire after {@link #LIFETIME}; an endpoint has one at a time.
 */
public final class TapEnrolments {
    /** How long an arming waits for its tap. */
    public static final Duration LIFETIME = Duration.ofMinutes(2);

    private final Database db;

    public TapEnrolments(Database db) {
        this.db = db;
    }

    /** Where a user's newest arming stands. */
    public enum State {
        ARMED, BOUND, EXPIRED, CANCELLED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A user's newest arming: on which endpoint, in which state, until when; {@code doneAt} when bound. */
    public record Status(long id, String userId, String endpointId, State state, Instant armedAt, Instant expiresAt,
                         Optional<Instant> doneAt) {}

    /** Why an arming was refused, as one line. */
    public static final class Refused extends Exception {
        public final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * Arms {@code endpointId} for {@code userId} until {@code now + LIFETIME}, audited as
     * {@code actor}. The same user armed again there gets a fresh arming; another user's live
     * arming on that endpoint is refused (409), as is a kiosk or outside device (no badge is
     * tapped there), and an unknown user or endpoint (404).
     */
    public Status arm(String userId, String endpointId, String actor, Instant now) throws SQLException, Refused {
        return arm(Tenant.DEFAULT, userId, endpointId, actor, now);
    }

    /** As {@link #arm(String, String, String, Instant)}, practice {@code tenant}'s user on its endpoint: another practice's are not found. */
    public Status arm(Tenant tenant, String userId, String endpointId, String actor, Instant now) throws SQLException, Refused {
        Object result = Tx.run(db, tenant, c -> {
            if (Directory.user(c, tenant, userId).isEmpty()) return new Refused(404, "no user " + userId + "; 'rounds broker users' lists them");
            Optional<String> kind = Directory.endpointKind(c, tenant, endpointId);
            if (kind.isEmpty()) {
                return new Refused(404, "no endpoint " + endpointId + " has registered; 'rounds broker endpoints list' shows them");
            }
            if (kind.get().equals("kiosk") || kind.get().equals("remote")) {
                return new Refused(409, "endpoint " + endpointId + " is a " + kind.get() + ", which takes no badges; choose a cart, tablet or workstation");
            }
            Optional<Status> live = armed(c, tenant, endpointId, now, true);
            if (live.isPresent() && !live.get().userId().equals(userId)) {
                return new Refused(409, "endpoint " + endpointId + " is armed for " + live.get().userId() + " until "
                        + live.get().expiresAt() + "; wait for its tap or for it to expire");
            }
            Directory.update(c, "UPDATE tap_enrolments SET state = 'cancelled', done_at = ? WHERE tenant_id = ? AND endpoint_id = ? "
                    + "AND state = 'armed'", now, tenant.name(), endpointId);
            Directory.update(c, "INSERT INTO tap_enrolments (tenant_id, endpoint_id, user_id, armed_by, armed_at, expires_at, state) "
                    + "VALUES (?, ?, ?, ?, ?, ?, 'armed')", tenant.name(), endpointId, userId, actor, now, now.plus(LIFETIME));
            Audit.appendIn(c, tenant, now, actor, "tap-enrol-armed", userId, endpointId, "the next badge tapped on " + endpointId
                    + " is bound to " + userId + " until " + now.plus(LIFETIME));
            return newest(c, tenant, userId, now).orElseThrow();
        });
        if (result instanceof Refused r) throw r;
        return (Status) result;
    }

    /** The user's newest arming as it stands at {@code now}; empty when the user was never armed. */
    public Optional<Status> status(String userId, Instant now) throws SQLException {
        return status(Tenant.DEFAULT, userId, now);
    }

    /** Practice {@code tenant}'s user's newest arming. */
    public Optional<Status> status(Tenant tenant, String userId, Instant now) throws SQLException {
        return Tx.run(db, tenant, c -> newest(c, tenant, userId, now));
    }

    /** The live arming of the endpoint, locked for the caller's transaction (a tap deciding it). */
    public static Optional<Status> armedFor(Connection c, String endpointId, Instant now) throws SQLException {
        return armed(c, endpointId, now, true);
    }

    /**
     * Binds the badge (its tags, the current key's first) to the arming's user and marks the
     * arming bound, in the caller's transaction; false, binding nothing, when the badge is
     * already another user's (it is not taken from them: they revoke it first).
     */
    public static boolean bind(Connection c, Status armed, List<BadgeTags.Tag> tags, Instant now) throws SQLException {
        Optional<Directory.User> owner = BadgeTags.find(c, tags);
        if (owner.isPresent() && !owner.get().id().equals(armed.userId())) {
            Audit.append(c, now, "tap-enrol-refused", armed.userId(), armed.endpointId(), "the badge tapped is already "
                    + owner.get().id() + "'s");
            return false;
        }
        String tenant = Tx.tenant(c).name();
        for (BadgeTags.Tag t : tags) Directory.update(c, "DELETE FROM badges WHERE tenant_id = ? AND badge_hmac = ?", tenant, t.hmac());
        Directory.update(c, "INSERT INTO badges (tenant_id, badge_hmac, user_id, enrolled_at, key_id) VALUES (?, ?, ?, ?, ?)",
                tenant, tags.get(0).hmac(), armed.userId(), now, tags.get(0).keyId());
        Directory.update(c, "UPDATE tap_enrolments SET state = 'bound', done_at = ? WHERE tenant_id = ? AND id = ?", now, tenant, armed.id());
        Audit.append(c, now, "enroll", armed.userId(), armed.endpointId(), "badge enrolled by tap on " + armed.endpointId());
        return true;
    }

    private static Optional<Status> armed(Connection c, String endpointId, Instant now, boolean lock) throws SQLException {
        return armed(c, Tx.tenant(c), endpointId, now, lock);
    }

    private static Optional<Status> armed(Connection c, Tenant tenant, String endpointId, Instant now, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE tenant_id = ? AND endpoint_id = ? AND state = 'armed' AND expires_at > ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, tenant.name());
            ps.setString(2, endpointId);
            ps.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(status(rs, now)) : Optional.empty();
            }
        }
    }

    private static Optional<Status> newest(Connection c, Tenant tenant, String userId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE tenant_id = ? AND user_id = ? ORDER BY id DESC")) {
            ps.setString(1, tenant.name());
            ps.setString(2, userId);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(status(rs, now)) : Optional.empty();
            }
        }
    }

    private static Optional<Status> newest(Connection c, String userId, Instant now) throws SQLException {
        return newest(c, Tx.tenant(c), userId, now);
    }

    private static final String COLUMNS = "SELECT id, user_id, endpoint_id, state, armed_at, expires_at, done_at FROM tap_enrolments";

    private static Status status(ResultSet rs, Instant now) throws SQLException {
        Instant expires = rs.getTimestamp(6).toInstant();
        State s = State.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT));
        if (s == State.ARMED && !now.isBefore(expires)) s = State.EXPIRED;   // nothing sweeps them: read as expired
        Timestamp done = rs.getTimestamp(7);
        return new Status(rs.getLong(1), rs.getString(2), rs.getString(3), s, rs.getTimestamp(5).toInstant(), expires,
                Optional.ofNullable(done).map(Timestamp::toInstant));
    }
}
