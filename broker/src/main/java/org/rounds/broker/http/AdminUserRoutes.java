package org.rounds.broker.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Lockouts;
import org.rounds.broker.store.TapEnrolments;

/**
 * What the help desk does to a user beyond {@code PUT /users/{id}}: tap to enrol (arm an
 * endpoint, then poll its status) and lockouts by source (list, unlock). The badge number never
 * appears in a request, an answer or a log.
 */
final class AdminUserRoutes {
    static final String USER = BrokerApi.ADMIN + "/users/{id}";

    /** POST body of a tap to enrol. */
    record TapEnrolment(@JsonProperty(value = "endpointId", required = true) String endpointId) {}

    private AdminUserRoutes() {}

    static void register(Javalin app, Admins admins, Database db, ObjectMapper json, Clock clock) {
        TapEnrolments enrolments = new TapEnrolments(db);
        Lockouts lockouts = new Lockouts(db);
        app.post(USER + "/tap-enrolment", AdminRoutes.needs(AdminRole.HELPDESK, ctx -> {
            String user = AdminRoutes.id(ctx, "id");
            TapEnrolment t = BrokerHttp.body(ctx, json, TapEnrolment.class);
            BrokerHttp.id("endpointId", t.endpointId());
            try {
                ctx.status(201).json(status(enrolments.arm(AdminRoutes.practice(ctx), user, t.endpointId(), AdminRoutes.session(ctx).name(), clock.instant())));
            } catch (TapEnrolments.Refused r) {
                ctx.status(r.status).json(new ApiError(r.getMessage()));
            }
        }));
        app.get(USER + "/tap-enrolment", AdminRoutes.viewing(admins, ctx -> {
            String user = AdminRoutes.id(ctx, "id");
            Optional<TapEnrolments.Status> s = enrolments.status(AdminRoutes.practice(ctx), user, clock.instant());
            if (s.isEmpty()) ctx.status(404).json(new ApiError("user " + user + " was never armed for tap to enrol"));
            else ctx.json(status(s.get()));
        }));
        app.get(USER + "/lockouts", AdminRoutes.viewing(admins, ctx -> ctx.json(lockouts.of(AdminRoutes.practice(ctx), AdminRoutes.id(ctx, "id")).stream()
                .map(l -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("source", l.source());
                    m.put("failedAttempts", l.failedAttempts());
                    m.put("lockedUntil", l.lockedUntil().map(Object::toString).orElse(null));
                    m.put("locked", l.lockedUntil().filter(clock.instant()::isBefore).isPresent());
                    return m;
                }).toList())));
        // ?source=S unlocks that source only (lockouts count per user and source); without it, every source.
        app.delete(USER + "/lockouts", AdminRoutes.needs(AdminRole.HELPDESK, ctx -> {
            String user = AdminRoutes.id(ctx, "id");
            Optional<String> source = Optional.ofNullable(ctx.queryParam("source"));
            if (source.isPresent() && (source.get().isEmpty() || source.get().length() > 128)) throw new BadRequest("source must be 1..128 characters");
            int n = lockouts.clear(AdminRoutes.practice(ctx), user, source, AdminRoutes.session(ctx).name(), clock.instant());
            if (n < 0) ctx.status(404).json(new ApiError("no user " + user + "; 'rounds broker users' lists them"));
            else ctx.json(Map.of("userId", user, "cleared", n));
        }));
    }

    static Map<String, Object> status(TapEnrolments.Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", s.userId());
        m.put("endpointId", s.endpointId());
        m.put("state", s.state().wire());
        m.put("armedAt", s.armedAt().toString());
        m.put("expiresAt", s.expiresAt().toString());
        m.put("boundAt", s.state() == TapEnrolments.State.BOUND ? s.doneAt().map(Object::toString).orElse(null) : null);
        return m;
    }
}
