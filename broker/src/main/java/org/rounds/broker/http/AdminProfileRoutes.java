package org.rounds.broker.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.ProfileSettings;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Profiles;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;
import org.rounds.broker.takeover.ProfilePush;

/**
 * Endpoint profiles in the admin API: list and show (any role), change and assign (admin). A
 * change is a new version, pushed live to every endpoint it concerns.
 */
final class AdminProfileRoutes {
    static final String PROFILES = BrokerApi.ADMIN + "/profiles";
    private static final Set<String> FIELDS = Set.of("idleLockMinutes", "sameUserTap", "tapOver", "clipboard", "language", "brokers",
            "kioskAccount");

    /** POST body of an assignment. */
    record Assignment(@JsonProperty(value = "endpointIds", required = true) List<String> endpointIds) {}

    private AdminProfileRoutes() {}

    static void register(Javalin app, Admins admins, Database db, ProfilePush push, ObjectMapper json, Clock clock) {
        Profiles profiles = new Profiles(db);
        app.get(PROFILES, AdminRoutes.viewing(admins, ctx -> ctx.json(profiles.list(AdminRoutes.practice(ctx)).stream()
                .map(l -> {
                    Map<String, Object> m = version(l.current());
                    m.put("endpoints", l.endpoints());
                    return m;
                }).toList())));
        app.get(PROFILES + "/{name}", AdminRoutes.viewing(admins, ctx -> {
            String name = AdminRoutes.id(ctx, "name");
            List<Profiles.Version> history = profiles.history(AdminRoutes.practice(ctx), name);
            if (history.isEmpty()) {
                ctx.status(404).json(new ApiError(noProfile(name)));
                return;
            }
            Map<String, Object> m = version(history.get(0));
            m.put("assigned", List.copyOf(profiles.endpointsOf(AdminRoutes.practice(ctx), name)));
            m.put("history", history.stream().map(AdminProfileRoutes::version).toList());
            ctx.json(m);
        }));
        // The fields given change; the others keep the newest version's (a new profile's: the defaults).
        app.put(PROFILES + "/{name}", AdminRoutes.needs(AdminRole.ADMIN, ctx -> {
            String name = AdminRoutes.id(ctx, "name");
            Tenant practice = AdminRoutes.practice(ctx);
            ProfileSettings settings = merged(json, profiles, practice, name, ctx.body());
            settings.problem().ifPresent(p -> {
                throw new BadRequest(p);
            });
            Profiles.Version v = profiles.set(practice, name, settings, AdminRoutes.session(ctx).name(), clock.instant());
            Map<String, Object> m = version(v);
            m.put("pushedTo", push.pushProfile(practice, name));
            ctx.json(m);
        }));
        app.post(PROFILES + "/{name}/assignments", AdminRoutes.needs(AdminRole.ADMIN, ctx -> {
            String name = AdminRoutes.id(ctx, "name");
            Assignment a = BrokerHttp.body(ctx, json, Assignment.class);
            if (a.endpointIds().isEmpty() || a.endpointIds().size() > 1000) throw new BadRequest("endpointIds must list 1..1000 endpoints");
            for (String e : a.endpointIds()) BrokerHttp.id("endpointIds[]", e);
            Tenant practice = AdminRoutes.practice(ctx);
            List<String> unknown = unknownEndpoints(db, practice, a.endpointIds());
            if (!unknown.isEmpty()) {
                ctx.status(404).json(new ApiError("no endpoint " + String.join(", ", unknown)
                        + " was added; 'rounds broker endpoints list' shows them"));
                return;
            }
            if (!profiles.assign(practice, name, a.endpointIds(), AdminRoutes.session(ctx).name(), clock.instant())) {
                ctx.status(404).json(new ApiError(noProfile(name)));
                return;
            }
            push.pushTo(practice, a.endpointIds());
            ctx.json(Map.of("profile", name, "assigned", List.copyOf(new java.util.LinkedHashSet<>(a.endpointIds()))));
        }));
    }

    static String noProfile(String name) {
        return "no profile " + name + "; 'rounds broker profiles list' shows them";
    }

    /** The newest settings (or the defaults) with the body's fields over them; a bad field is one 400 line. */
    private static ProfileSettings merged(ObjectMapper json, Profiles profiles, Tenant practice, String name, String body) throws SQLException {
        JsonNode given;
        try {
            given = json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("malformed profile: " + e.getOriginalMessage().lines().findFirst().orElse("not JSON"));
        }
        if (given == null || !given.isObject()) throw new BadRequest("the body must be a JSON object of profile fields");
        given.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) throw new BadRequest("unknown field '" + f + "'; profile fields are " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
        });
        checkType(given, "idleLockMinutes", JsonNode::canConvertToInt, JsonNode::isIntegralNumber, "a whole number of minutes");
        checkType(given, "tapOver", n -> true, JsonNode::isBoolean, "true or false");
        for (String text : List.of("sameUserTap", "clipboard", "language", "kioskAccount")) {
            checkType(given, text, n -> true, JsonNode::isTextual, "a string");
        }
        if (given.has("brokers") && (!given.get("brokers").isArray() || !allText(given.get("brokers")))) {
            throw new BadRequest("brokers must be a list of URLs");
        }
        List<Profiles.Version> history = profiles.history(practice, name);
        ProfileSettings base = history.isEmpty() ? ProfileSettings.defaults() : history.get(0).settings();
        ObjectNode m = json.valueToTree(base);
        m.setAll((ObjectNode) given);
        try {
            return json.treeToValue(m, ProfileSettings.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("malformed profile: " + e.getOriginalMessage().lines().findFirst().orElse("bad value"));
        }
    }

    private static void checkType(JsonNode given, String field, java.util.function.Predicate<JsonNode> fits,
                                  java.util.function.Predicate<JsonNode> type, String what) {
        JsonNode n = given.get(field);
        if (n != null && !(type.test(n) && fits.test(n))) throw new BadRequest(field + " must be " + what + ", not " + n);
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) if (!n.isTextual()) return false;
        return true;
    }

    private static Map<String, Object> version(Profiles.Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("version", v.version());
        ProfileSettings s = v.settings();
        m.put("idleLockMinutes", s.idleLockMinutes());
        m.put("sameUserTap", s.sameUserTap());
        m.put("tapOver", s.tapOver());
        m.put("clipboard", s.clipboard());
        m.put("language", s.language());
        m.put("brokers", s.brokers());
        m.put("kioskAccount", s.kioskAccount());
        m.put("changedBy", v.changedBy());
        m.put("changedAt", v.changedAt().toString());
        return m;
    }

    /** Those of the ids neither added for enrolment nor registered. */
    private static List<String> unknownEndpoints(Database db, Tenant practice, List<String> ids) throws SQLException {
        return Tx.run(db, practice, c -> {
            List<String> unknown = new java.util.ArrayList<>();
            for (String id : ids) if (!known(c, practice, id)) unknown.add(id);
            return unknown;
        });
    }

    private static boolean known(Connection c, Tenant practice, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM endpoints WHERE tenant_id = ? AND id = ? "
                + "UNION SELECT 1 FROM enrolments WHERE tenant_id = ? AND endpoint_id = ?")) {
            ps.setString(1, practice.name());
            ps.setString(2, id);
            ps.setString(3, practice.name());
            ps.setString(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
