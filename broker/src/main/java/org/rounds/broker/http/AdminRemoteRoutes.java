package org.rounds.broker.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Map;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Gateways;
import org.rounds.broker.store.OutsideAccess;

/**
 * The admin API's side of remote access, served with it on HTTPS brokers: GET {@code /gateways}
 * (any role), POST {@code /gateways} {name} (a one-time enrolment code) and DELETE {@code
 * /gateways/{name}} (admin); POST {@code /users/{id}/totp} makes the user a new TOTP secret and
 * answers its otpauth URI (helpdesk, as setting a password is); PUT {@code /users/{id}/outside}
 * {allowed} allows or refuses outside sign-ins (admin: a policy decision). Audited with the admin's name.
 * Gateways stand in the service's DMZ: a practice's admin does not see or change them (403).
 */
final class AdminRemoteRoutes {
    private static final String GATEWAYS = BrokerApi.ADMIN + "/gateways";
    private static final String USERS = BrokerApi.ADMIN + "/users/{id}";

    /** POST body of a new gateway to enrol. */
    record GatewayAdd(@JsonProperty(value = "name", required = true) String name) {}

    /** PUT body of a user's outside access. */
    record OutsideChange(@JsonProperty(value = "allowed", required = true) Boolean allowed) {}

    private AdminRemoteRoutes() {}

    static void register(Javalin app, Admins admins, Database db, OutsideAccess access, ObjectMapper json, Clock clock) {
        Gateways gateways = new Gateways(db);
        app.get(GATEWAYS, AdminRoutes.serviceWide(true, AdminRoutes.viewing(admins, ctx -> ctx.json(gateways.listed()))));
        app.post(GATEWAYS, AdminRoutes.serviceWide(true, AdminRoutes.needs(AdminRole.ADMIN, ctx -> {
            GatewayAdd g = BrokerHttp.body(ctx, json, GatewayAdd.class);
            BrokerHttp.id("name", g.name());
            String code = gateways.add(g.name(), clock.instant(), AdminRoutes.session(ctx).name());
            ctx.status(201).json(Map.of("name", g.name(), "enrolmentCode", code));
        })));
        app.delete(GATEWAYS + "/{name}", AdminRoutes.serviceWide(true, AdminRoutes.needs(AdminRole.ADMIN, ctx -> {
            String name = AdminRoutes.id(ctx, "name");
            if (!gateways.revoke(name, clock.instant(), AdminRoutes.session(ctx).name()))
                ctx.status(404).json(new ApiError(Gateways.unknown(name)));
            else ctx.status(204);
        })));
        app.post(USERS + "/totp", AdminRoutes.needs(AdminRole.HELPDESK, ctx -> {
            String user = AdminRoutes.id(ctx, "id");
            var uri = access.enrolTotp(AdminRoutes.practice(ctx), user, AdminRoutes.session(ctx).name());
            if (uri.isEmpty()) ctx.status(404).json(new ApiError(OutsideAccess.unknownUser(user)));
            else ctx.json(Map.of("userId", user, "otpauthUri", uri.get()));
        }));
        app.put(USERS + "/outside", AdminRoutes.needs(AdminRole.ADMIN, ctx -> {
            String user = AdminRoutes.id(ctx, "id");
            OutsideChange o = BrokerHttp.body(ctx, json, OutsideChange.class);
            if (o.allowed() == null) throw new BadRequest("allowed must be true or false");
            if (!access.setAllowed(AdminRoutes.practice(ctx), user, o.allowed(), AdminRoutes.session(ctx).name())) ctx.status(404).json(new ApiError(OutsideAccess.unknownUser(user)));
            else ctx.status(204);
        }));
    }
}
