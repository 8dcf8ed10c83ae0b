package org.rounds.broker.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * An audit search: by user, endpoint, kind and time range (each optional), the newest first,
 * read in pages by keyset: a page starts below the last id the previous one showed
 * ({@code before}), so page 20,000 costs what page 1 does, where OFFSET would read and drop every
 * row before it. Each filter has an index of the practice, its column and the id (V16's
 * audit_user, audit_endpoint and audit_kind; audit_tenant without one), and the time range bounds
 * the id walk. A search reads one practice's trail (issue 23).
 */
record AuditSearch(String user, String endpoint, String kind, Instant from, Instant to, Long before) {
    static final int PAGE = 50;

    /** A row of the audit trail as the page and the CSV show it. */
    record Row(long id, Instant at, String kind, String userId, String endpointId, String actor, String detail) {
        String shownAt() {
            return Times.show(at);
        }
    }

    /**
     * The search the query parameters ask for; IllegalArgumentException naming the field
     * (user, endpoint, kind, from, to, before) when one is malformed.
     */
    static AuditSearch of(java.util.function.Function<String, String> param) {
        return new AuditSearch(id("user", param.apply("user")), id("endpoint", param.apply("endpoint")),
                kindOf(param.apply("kind")), Times.parse("from", param.apply("from")), Times.parse("to", param.apply("to")),
                before(param.apply("before")));
    }

    /** Up to {@code limit} rows of this search, the newest first. */
    List<Row> page(Connection c, org.rounds.broker.store.Tenant tenant, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, at, kind, user_id, endpoint_id, actor, detail FROM audit WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenant.name());
        if (user != null) { sql.append(" AND user_id = ?"); args.add(user); }
        if (endpoint != null) { sql.append(" AND endpoint_id = ?"); args.add(endpoint); }
        if (kind != null) { sql.append(" AND kind = ?"); args.add(kind); }
        if (from != null) { sql.append(" AND at >= ?"); args.add(Timestamp.from(from)); }
        if (to != null) { sql.append(" AND at < ?"); args.add(Timestamp.from(to)); }
        if (before != null) { sql.append(" AND id < ?"); args.add(before); }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(new Row(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
        return rows;
    }

    AuditSearch below(long id) {
        return new AuditSearch(user, endpoint, kind, from, to, id);
    }

    /** The query string of this search (without {@code before}), for the next-page and CSV links. */
    String query() {
        StringJoiner q = new StringJoiner("&");
        add(q, "user", user);
        add(q, "endpoint", endpoint);
        add(q, "kind", kind);
        add(q, "from", from == null ? null : field(from));
        add(q, "to", to == null ? null : field(to));
        return q.toString();
    }

    /** A time as the search form's {@code datetime-local} field holds it (UTC). */
    static String field(Instant t) {
        return t == null ? "" : t.toString().replaceFirst("Z$", "").replaceFirst(":00$", "");
    }

    private static void add(StringJoiner q, String name, String value) {
        if (value != null) q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String id(String field, String v) {
        if (v == null || v.isBlank()) return null;
        if (!Views.isId(v.strip())) throw new IllegalArgumentException(field);
        return v.strip();
    }

    private static String kindOf(String v) {
        if (v == null || v.isBlank()) return null;
        if (!v.strip().matches("[a-z0-9-]{1,32}")) throw new IllegalArgumentException("kind");
        return v.strip();
    }

    private static Long before(String v) {
        if (v == null || v.isBlank()) return null;
        if (!v.matches("[0-9]{1,18}")) throw new IllegalArgumentException("before");
        return Long.parseLong(v);
    }
}
