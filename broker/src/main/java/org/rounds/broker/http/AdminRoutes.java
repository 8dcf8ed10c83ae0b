package org.rounds.broker.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Optional;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.api.SlowHash;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Enrolments;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tenants;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;

/**
 * The admin API: an admin logs in ({@code POST /sessions} with name, password and TOTP code) and
 * sends the token it gets as {@code Authorization: Bearer}. Without a live session every route is
 * 401 before anything is read; a role too low for the route is 403. Routes: users (with a badge,
 * PIN or password), badge revocation, kiosk accounts, admin accounts and the audit trail. Every
 * change is audited with the admin's name, and so is every read.
 *
 * <p>Every route works in one practice (issue 23), {@link #practice}: the signed-in admin's own,
 * taken from its account's row. Only a service admin picks another, with {@code ?tenant=NAME};
 * a practice admin who names one is refused (403), so another practice's ids find nothing.
 */
final class AdminRoutes {
    private static final String SESSION = "rounds.admin";
    private static final String PRACTICE = "rounds.practice";
    private static final String LOGIN = BrokerApi.ADMIN + "/sessions";
    static final String NO_SESSION = "the admin API needs a session: POST " + LOGIN
            + " with {name, password, totp}, then send 'Authorization: Bearer <token>'";
    static final String WRONG_LOGIN = "wrong admin name, password or TOTP code; check them and try again";

    /** PUT body of a user: every field but the display name is optional; secrets are hashed, never stored. */
    record UserUpdate(@JsonProperty(value = "displayName", required = true) String displayName,
                      @JsonProperty("badge") String badge, @JsonProperty("pin") String pin,
                      @JsonProperty("password") String password) {
        @Override
        public String toString() {
            return "UserUpdate[displayName=" + displayName + "]"; // never the badge or secrets
        }
    }

    /** POST body of a new endpoint to enrol. */
    record EndpointAdd(@JsonProperty(value = "endpointId", required = true) String endpointId,
                       @JsonProperty(value = "kind", required = true) String kind,
                       @JsonProperty("location") String location, @JsonProperty("site") String site) {}

    /** PUT body of a kiosk's shared account. */
    record KioskAccount(@JsonProperty(value = "userId", required = true) String userId,
                        @JsonProperty("displayName") String displayName) {}

    /** POST body of an admin login. */
    record AdminLogin(@JsonProperty(value = "name", required = true) String name,
                      @JsonProperty(value = "password", required = true) String password,
                      @JsonProperty(value = "totp", required = true) String totp) {
        @Override
        public String toString() {
            return "AdminLogin[name=" + name + "]"; // never the password or code
        }
    }

    static void register(Javalin app, Admins admins, Database db, Directory directory, BadgeKey badges,
                         org.rounds.broker.takeover.TapService taps, AdminLoginThrottle throttle, ObjectMapper json, Clock clock) {
        app.before(BrokerApi.ADMIN + "/*", ctx -> {
            if (ctx.method() == HandlerType.POST && ctx.path().equals(LOGIN)) return;
            String auth = ctx.header("Authorization");
            Optional<Admins.Session> s = auth != null && auth.startsWith("Bearer ") && auth.length() < 200
                    ? admins.session(auth.substring("Bearer ".length()).strip()) : Optional.empty();
            if (s.isEmpty()) {
                ctx.status(401).json(new ApiError(NO_SESSION));
                ctx.skipRemainingHandlers();
                return;
            }
            ctx.attribute(SESSION, s.get());
            Optional<String> refused = choosePractice(ctx, s.get(), new Tenants(db));
            if (refused.isPresent()) {
                ctx.json(new ApiError(refused.get()));
                ctx.skipRemainingHandlers();
            }
        });
        app.post(LOGIN, ctx -> {
            AdminLogin l = BrokerHttp.body(ctx, json, AdminLogin.class);
            BrokerHttp.id("name", l.name());
            if (l.password().length() > 256 || l.totp().length() > 16) throw new BadRequest("password or totp too long");
            String source = ctx.req().getRemoteAddr();
            long wait = throttle.begin(l.name(), source);
            if (wait > 0) {
                ctx.header("Retry-After", Long.toString(wait)).status(429)
                        .json(new ApiError("too many failed logins as " + l.name() + " from " + source + "; wait " + wait + " s"));
                return;
            }
            Optional<Admins.Login> in = admins.login(l.name(), l.password(), l.totp(), source);
            if (in.isEmpty()) {
                ctx.status(401).json(new ApiError(WRONG_LOGIN));
                return;
            }
            throttle.succeeded(l.name(), source);
            ctx.status(201).json(Map.of("token", in.get().token(), "expiresAt", in.get().expiresAt().toString(),
                    "role", in.get().role().wire(), "tenant", in.get().tenant().name()));
        });
        app.delete(LOGIN, ctx -> {
            admins.logout(session(ctx).tenant(), ctx.header("Authorization").substring("Bearer ".length()).strip(), session(ctx).name());
            ctx.status(204);
        });
        app.get(BrokerApi.ADMIN + "/users", viewing(admins, ctx -> ctx.json(directory.in(practice(ctx)).users())));
        app.put(BrokerApi.ADMIN + "/users/{id}", needs(AdminRole.HELPDESK, ctx -> {
            String id = id(ctx, "id");
            UserUpdate u = BrokerHttp.body(ctx, json, UserUpdate.class);
            if (u.displayName().isBlank() || u.displayName().length() > 200) throw new BadRequest("displayName must be 1..200 characters");
            if (u.pin() != null && !u.pin().matches("[0-9]{4,12}")) throw new BadRequest("pin must be 4..12 digits");
            if (u.password() != null && (u.password().length() < 8 || u.password().length() > 256))
                throw new BadRequest("password must be 8..256 characters");
            if (u.badge() != null && (u.badge().isBlank() || u.badge().length() > 256)) throw new BadRequest("badge must be 1..256 characters");
            Directory by = directory.in(practice(ctx)).by(session(ctx).name());
            if (u.badge() != null) by.enroll(id, u.displayName(), badges.forTenant(practice(ctx)).tags(u.badge()), clock.instant());
            else by.upsertUser(id, u.displayName(), clock.instant());
            if (u.pin() != null) by.setSecret(id, true, SlowHash.hash(u.pin()), clock.instant());
            if (u.password() != null) by.setSecret(id, false, SlowHash.hash(u.password()), clock.instant());
            ctx.status(204);
        }));
        app.delete(BrokerApi.ADMIN + "/users/{id}/badges", needs(AdminRole.HELPDESK, ctx -> {
            int n = directory.in(practice(ctx)).by(session(ctx).name()).revokeBadges(id(ctx, "id"), clock.instant());
            ctx.json(Map.of("revoked", n));
        }));
        app.put(BrokerApi.ADMIN + "/kiosks/{endpointId}", needs(AdminRole.ADMIN, ctx -> {
            String endpoint = id(ctx, "endpointId");
            KioskAccount k = BrokerHttp.body(ctx, json, KioskAccount.class);
            BrokerHttp.id("userId", k.userId());
            directory.in(practice(ctx)).by(session(ctx).name()).assignKiosk(endpoint, k.userId(),
                    k.displayName() == null ? k.userId() : k.displayName(), clock.instant());
            ctx.status(204);
        }));
        app.get(BrokerApi.ADMIN + "/admins", needs(AdminRole.ADMIN, viewing(admins, ctx -> ctx.json(admins.list(practice(ctx)).stream()
                .map(a -> Map.of("name", a.name(), "role", a.role().wire(), "createdAt", a.createdAt().toString(),
                        "disabled", a.disabled())).toList()))));
        app.post(BrokerApi.ADMIN + "/admins/{name}/disable", needs(AdminRole.ADMIN, ctx -> {
            String name = id(ctx, "name");
            if (!admins.disable(practice(ctx), name, session(ctx).name())) {
                ctx.status(404).json(new ApiError("no admin " + name + "; 'rounds broker admins list' shows them"));
                return;
            }
            ctx.status(204);
        }));
        app.get(BrokerApi.ADMIN + "/audit", viewing(admins, ctx -> {
            String user = ctx.queryParam("user");
            if (user != null) BrokerHttp.id("user", user);
            ctx.json(AdminReads.audit(db, practice(ctx), user, limit(ctx)));
        }));
        app.get(BrokerApi.ADMIN + "/endpoints", viewing(admins, ctx -> ctx.json(AdminReads.endpoints(db, practice(ctx)))));
        // Enrolment: an admin adds an endpoint and hands its one-time code to whoever installs it.
        app.get(BrokerApi.ADMIN + "/enrolments", viewing(admins, ctx -> ctx.json(new Enrolments(db).list(practice(ctx)))));
        app.post(BrokerApi.ADMIN + "/enrolments", needs(AdminRole.ADMIN, ctx -> {
            EndpointAdd e = BrokerHttp.body(ctx, json, EndpointAdd.class);
            BrokerHttp.id("endpointId", e.endpointId());
            if (!e.kind().matches("cart|tablet|kiosk|workstation")) throw new BadRequest("kind must be cart, tablet, kiosk or workstation");
            String location = e.location() == null ? "" : e.location();
            if (location.length() > 200) throw new BadRequest("location must be at most 200 characters");
            String site = e.site() == null ? "" : AdminHostRoutes.site(e.site());
            String code = new Enrolments(db).add(practice(ctx), e.endpointId(), e.kind(), location, site, clock.instant(), session(ctx).name());
            ctx.status(201).json(Map.of("endpointId", e.endpointId(), "enrolmentCode", code));
        }));
        app.delete(BrokerApi.ADMIN + "/enrolments/{endpointId}", needs(AdminRole.HELPDESK, ctx -> {
            String endpoint = id(ctx, "endpointId");
            if (!new Enrolments(db).revoke(practice(ctx), endpoint, clock.instant(), session(ctx).name())) {
                ctx.status(404).json(new ApiError("no endpoint " + endpoint + " was added: 'rounds broker endpoints list' shows them"));
                return;
            }
            ctx.status(204);
        }));
        AdminHostRoutes.register(app, admins, db, json, clock);
        AdminUserRoutes.register(app, admins, db, json, clock);
        AdminTenantRoutes.register(app, admins, db, json, clock);
        app.get(BrokerApi.ADMIN + "/desktop-sessions", viewing(admins, ctx -> ctx.json(AdminReads.desktopSessions(db, practice(ctx)))));
        app.delete(BrokerApi.ADMIN + "/desktop-sessions/{userId}", needs(AdminRole.HELPDESK, ctx -> {
            String user = id(ctx, "userId");
            if (!taps.endByAdmin(practice(ctx), user, session(ctx).name())) {
                ctx.status(404).json(new ApiError("user " + user + " has no desktop running; nothing to end"));
                return;
            }
            ctx.status(204);
        }));
    }

    static Admins.Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    /** The practice this request works in: the admin's own, or for a service admin the one it picked. */
    static Tenant practice(Context ctx) {
        return ctx.attribute(PRACTICE);
    }

    /**
     * Sets the request's practice: the admin's row's; a service admin may name another with
     * {@code ?tenant=}. Empty when set; else the one line of a refusal, its status set.
     */
    private static Optional<String> choosePractice(Context ctx, Admins.Session s, Tenants tenants) throws java.sql.SQLException {
        String asked = ctx.queryParam("tenant");
        if (asked == null || asked.equals(s.tenant().name())) {
            ctx.attribute(PRACTICE, s.tenant());
            return Optional.empty();
        }
        if (!s.isService()) {
            ctx.status(403);
            return Optional.of("admin " + s.name() + " works in practice " + s.tenant() + " only; only a service admin picks a practice with ?tenant=");
        }
        Tenant t;
        try {
            t = new Tenant(asked);
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            return Optional.of(e.getMessage());
        }
        if (!tenants.exists(t)) {
            ctx.status(404);
            return Optional.of("no practice " + asked + "; GET " + BrokerApi.ADMIN + "/tenants lists them");
        }
        ctx.attribute(PRACTICE, t);
        return Optional.empty();
    }

    /** The route for admins of {@code role} or higher; 403 naming both roles for the others. */
    static Handler needs(AdminRole role, Handler route) {
        return ctx -> {
            Admins.Session s = session(ctx);
            if (!s.role().atLeast(role)) {
                ctx.status(403).json(new ApiError("admin " + s.name() + " is " + s.role().wire() + "; this needs "
                        + role.wire() + " or higher"));
                return;
            }
            route.handle(ctx);
        };
    }

    /**
     * A route of the service's own, across practices (practices, usage, gateways in the DMZ):
     * a service admin, or an admin of the default practice (the hospital that runs the service)
     * when {@code defaultPracticeToo}; 403 in one line for a practice's admin.
     */
    static Handler serviceWide(boolean defaultPracticeToo, Handler route) {
        return ctx -> {
            Admins.Session s = session(ctx);
            if (!s.isService() && !(defaultPracticeToo && s.tenant().isDefault())) {
                ctx.status(403).json(new ApiError("admin " + s.name() + " works in practice " + s.tenant()
                        + "; this is the service's own and needs a service admin"));
                return;
            }
            route.handle(ctx);
        };
    }

    /** A read route (any role), audited with who read what, in the trail of the practice read. */
    static Handler viewing(Admins admins, Handler route) {
        return ctx -> {
            admins.viewed(practice(ctx), session(ctx).name(), ctx.method() + " " + ctx.path());
            route.handle(ctx);
        };
    }

    static String id(Context ctx, String param) {
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

    private AdminRoutes() {}

}
