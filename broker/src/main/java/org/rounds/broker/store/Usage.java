package org.rounds.broker.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Usage per practice and UTC day, for billing (issue 23), read from the audit trail across every
 * practice ({@link Tx#asService}): the service admin's view, never a practice admin's.
 *
 * <p>A session is a user's desktop shown on an endpoint: it starts at a {@code connect} or
 * {@code kiosk-connect} row (the desktop shown where nobody showed it; a {@code takeover} moves
 * the same session) and ends at that user's next {@code tap-out}, {@code idle-lock}, {@code
 * logoff}, {@code admin-ended-session}, {@code reconnect-expired} or {@code handover-failed} row;
 * one still open counts until now. Its time is split at UTC midnight across the days it spans;
 * it is counted as started on the day it started. Outside sign-ins are not counted (their end is
 * not recorded as a row).
 */
public final class Usage {
    /** The longest report: a year and a day. */
    public static final int MAX_DAYS = 366;
    /** How far before the first day a session may have started and still count there. */
    private static final Duration LOOK_BACK = Duration.ofDays(7);
    private static final Set<String> STARTS = Set.of("connect", "kiosk-connect");
    private static final Set<String> ENDS = Set.of("tap-out", "idle-lock", "logoff", "admin-ended-session", "reconnect-expired", "handover-failed");

    private final Database db;

    public Usage(Database db) {
        this.db = db;
    }

    /** One practice's one UTC day. */
    public record Day(String tenant, LocalDate day, int sessionsStarted, long sessionSeconds) {
        /** Session hours, to the hundredth. */
        public double sessionHours() {
            return Math.round(sessionSeconds / 36.0) / 100.0;
        }

        /** As the admin API and {@code tenants usage --json} give it: tenant, day (UTC, ISO), sessionsStarted, sessionHours, sessionSeconds. */
        public java.util.Map<String, Object> asJson() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("tenant", tenant);
            m.put("day", day.toString());
            m.put("sessionsStarted", sessionsStarted);
            m.put("sessionHours", sessionHours());
            m.put("sessionSeconds", sessionSeconds);
            return m;
        }
    }

    /**
     * Every practice's usage on each of the last {@code days} UTC days up to {@code now} (today
     * included), by practice then day; a day without sessions is a row of zeros.
     */
    public List<Day> lastDays(int days, Instant now) throws SQLException {
        if (days < 1 || days > MAX_DAYS) throw new IllegalArgumentException("days must be 1 to " + MAX_DAYS);
        LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = last.minusDays(days - 1L);
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Map<LocalDate, long[]>> byTenant = new HashMap<>();   // [sessions started, seconds]
        List<String> tenants = new ArrayList<>();
        Tx.asService(db, "usage per practice for billing", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM tenants ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) tenants.add(rs.getString(1));
            }
            String kinds = String.join(", ", java.util.Collections.nCopies(STARTS.size() + ENDS.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, user_id, kind, at FROM audit WHERE at >= ? AND at <= ? "
                    + "AND user_id IS NOT NULL AND kind IN (" + kinds + ") ORDER BY tenant_id, user_id, at, id")) {
                ps.setTimestamp(1, Timestamp.from(from.minus(LOOK_BACK)));
                ps.setTimestamp(2, Timestamp.from(now));
                int i = 3;
                for (String k : STARTS) ps.setString(i++, k);
                for (String k : ENDS) ps.setString(i++, k);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    String tenant = null, user = null;
                    Instant open = null;
                    while (rs.next()) {
                        if (!rs.getString(1).equals(tenant) || !rs.getString(2).equals(user)) {
                            if (open != null) add(byTenant, tenant, open, now, from, now);
                            tenant = rs.getString(1);
                            user = rs.getString(2);
                            open = null;
                        }
                        Instant at = rs.getTimestamp(4).toInstant();
                        if (STARTS.contains(rs.getString(3))) {
                            if (open == null) open = at;
                        } else if (open != null) {
                            add(byTenant, tenant, open, at, from, now);
                            open = null;
                        }
                    }
                    if (open != null) add(byTenant, tenant, open, now, from, now);
                }
            }
            return null;
        });
        List<Day> out = new ArrayList<>();
        for (String t : tenants) {
            Map<LocalDate, long[]> d = byTenant.getOrDefault(t, Map.of());
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                long[] v = d.getOrDefault(day, new long[2]);
                out.add(new Day(t, day, (int) v[0], v[1]));
            }
        }
        return out;
    }

    /** Counts a session [start, end) in the window [from, to): its start on its day, its seconds split at UTC midnight. */
    private static void add(Map<String, Map<LocalDate, long[]>> byTenant, String tenant, Instant start, Instant end, Instant from, Instant to) {
        Map<LocalDate, long[]> days = byTenant.computeIfAbsent(tenant, t -> new HashMap<>());
        if (!start.isBefore(from) && start.isBefore(to))
            days.computeIfAbsent(LocalDate.ofInstant(start, ZoneOffset.UTC), d -> new long[2])[0]++;
        Instant a = start.isBefore(from) ? from : start;
        Instant b = end.isAfter(to) ? to : end;
        while (a.isBefore(b)) {
            LocalDate day = LocalDate.ofInstant(a, ZoneOffset.UTC);
            Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant upTo = b.isBefore(midnight) ? b : midnight;
            days.computeIfAbsent(day, d -> new long[2])[1] += Duration.between(a, upTo).toSeconds();
            a = upTo;
        }
    }
}
