package org.rounds.broker.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rounds.broker.auth.AdminToken;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.api.SlowHash;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Tx;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;

/**
 * The admin API behind the bearer token: users (with a badge, PIN or password), badge revocation,
 * kiosk accounts and the audit trail. A missing or wrong token is 401 before anything is read.
 */
final class AdminRoutes {

    /** PUT body of a user: every field but the display name is optional; secrets are hashed, never stored. */
    record UserUpdate(@JsonProperty(value = "displayName", required = true) String displayName,
                      @JsonProperty("badge") String badge, @JsonProperty("pin") String pin,
                      @JsonProperty("password") String password) {
        @Override
        public String toString() {
            return "UserUpdate[displayName=" + displayName + "]"; // never the badge or secrets
        }
    }

    /** PUT body of a kiosk's shared account. */
    record KioskAccount(@JsonProperty(value = "userId", required = true) String userId,
                        @JsonProperty("displayName") String displayName) {}

    static void register(Javalin app, AdminToken token, Database db, Directory directory, BadgeKey badges,
                         ObjectMapper json, Clock clock) {
        app.before(BrokerApi.ADMIN + "/*", ctx -> {
            if (!token.accepts(ctx.header("Authorization"))) {
                ctx.status(401).json(new ApiError("the admin API needs 'Authorization: Bearer <admin token>'"));
                ctx.skipRemainingHandlers();
            }
        });
        app.get(BrokerApi.ADMIN + "/users", ctx -> ctx.json(directory.users()));
        app.put(BrokerApi.ADMIN + "/users/{id}", ctx -> {
            String id = id(ctx, "id");
            UserUpdate u = BrokerHttp.body(ctx, json, UserUpdate.class);
            if (u.displayName().isBlank() || u.displayName().length() > 200) throw new BadRequest("displayName must be 1..200 characters");
            if (u.pin() != null && !u.pin().matches("[0-9]{4,12}")) throw new BadRequest("pin must be 4..12 digits");
            if (u.password() != null && (u.password().length() < 8 || u.password().length() > 256))
                throw new BadRequest("password must be 8..256 characters");
            if (u.badge() != null && (u.badge().isBlank() || u.badge().length() > 256)) throw new BadRequest("badge must be 1..256 characters");
            if (u.badge() != null) directory.enroll(id, u.displayName(), badges.tags(u.badge()), clock.instant());
            else directory.upsertUser(id, u.displayName(), clock.instant());
            if (u.pin() != null) directory.setSecret(id, true, SlowHash.hash(u.pin()), clock.instant());
            if (u.password() != null) directory.setSecret(id, false, SlowHash.hash(u.password()), clock.instant());
            ctx.status(204);
        });
        app.delete(BrokerApi.ADMIN + "/users/{id}/badges", ctx -> {
            int n = directory.revokeBadges(id(ctx, "id"), clock.instant());
            ctx.json(Map.of("revoked", n));
        });
        app.put(BrokerApi.ADMIN + "/kiosks/{endpointId}", ctx -> {
            String endpoint = id(ctx, "endpointId");
            KioskAccount k = BrokerHttp.body(ctx, json, KioskAccount.class);
            BrokerHttp.id("userId", k.userId());
            directory.assignKiosk(endpoint, k.userId(), k.displayName() == null ? k.userId() : k.displayName(), clock.instant());
            ctx.status(204);
        });
        app.get(BrokerApi.ADMIN + "/audit", ctx -> ctx.json(audit(db, ctx.queryParam("user"), limit(ctx))));
    }

    private static String id(Context ctx, String param) {
        String v = ctx.pathParam(param);
        BrokerHttp.id(param, v);
        return v;
    }

    private static int limit(Context ctx) {
        String l = ctx.queryParam("limit");
        if (l == null) return 100;
        if (!l.matches("[0-9]{1,4}") || Integer.parseInt(l) < 1) throw new BadRequest("limit must be 1..9999");
        return Integer.parseInt(l);
    }

    /** The newest audit rows first, optionally of one user. */
    private static List<Map<String, Object>> audit(Database db, String user, int limit) throws Exception {
        if (user != null) BrokerHttp.id("user", user);
        return Tx.run(db, c -> {
            String sql = "SELECT id, at, kind, user_id, endpoint_id, detail FROM audit"
                    + (user != null ? " WHERE user_id = ?" : "") + " ORDER BY id DESC";
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (user != null) ps.setString(1, user);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("id", rs.getLong(1));
                        row.put("at", rs.getTimestamp(2).toInstant().toString());
                        row.put("kind", rs.getString(3));
                        row.put("userId", rs.getString(4));
                        row.put("endpointId", rs.getString(5));
                        row.put("detail", rs.getString(6));
                        rows.add(row);
                    }
                }
            }
            return rows;
        });
    }

    private AdminRoutes() {}

}
