package org.rounds.broker.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Hosts;

/**
 * The admin API's desktop hosts: GET {@code /hosts} (any role) lists them with their state;
 * POST {@code /hosts} {name, site?} adds one and answers its one-time enrolment code; POST
 * {@code /hosts/{name}/drain} and {@code /undrain} stop and restart new placements; DELETE
 * {@code /hosts/{name}} revokes it. Changes need the admin role and are audited with the admin's name.
 */
final class AdminHostRoutes {
    private static final String HOSTS = BrokerApi.ADMIN + "/hosts";
    private static final String SITE_RULE = "site must be at most 64 characters of A-Z a-z 0-9 . _ : -";

    /** POST body of a new host to enrol. */
    record HostAdd(@JsonProperty(value = "name", required = true) String name, @JsonProperty("site") String site) {}

    private AdminHostRoutes() {}

    static void register(Javalin app, Admins admins, Database db, ObjectMapper json, Clock clock) {
        Hosts hosts = new Hosts(db);
        app.get(HOSTS, AdminRoutes.viewing(admins, ctx -> ctx.json(hosts.listed(AdminRoutes.practice(ctx), clock.instant()))));
        app.post(HOSTS, AdminRoutes.needs(AdminRole.ADMIN, ctx -> {
            HostAdd h = BrokerHttp.body(ctx, json, HostAdd.class);
            BrokerHttp.id("name", h.name());
            String site = h.site() == null ? "" : site(h.site());
            String code = hosts.add(AdminRoutes.practice(ctx), h.name(), site, clock.instant(), AdminRoutes.session(ctx).name());
            ctx.status(201).json(Map.of("name", h.name(), "enrolmentCode", code));
        }));
        for (boolean drain : new boolean[] {true, false}) {
            app.post(HOSTS + "/{name}/" + (drain ? "drain" : "undrain"), AdminRoutes.needs(AdminRole.ADMIN, ctx -> {
                String name = AdminRoutes.id(ctx, "name");
                if (!hosts.drain(AdminRoutes.practice(ctx), name, drain, clock.instant(), AdminRoutes.session(ctx).name())) unknown(ctx, name);
                else ctx.status(204);
            }));
        }
        app.delete(HOSTS + "/{name}", AdminRoutes.needs(AdminRole.ADMIN, ctx -> {
            String name = AdminRoutes.id(ctx, "name");
            if (!hosts.revoke(AdminRoutes.practice(ctx), name, clock.instant(), AdminRoutes.session(ctx).name())) unknown(ctx, name);
            else ctx.status(204);
        }));
    }

    /** A site as given, when it is one: empty, or an id of at most 64 characters; 400 otherwise. */
    static String site(String site) {
        if (!Hosts.isSite(site)) throw new BadRequest(SITE_RULE);
        return site;
    }

    private static void unknown(Context ctx, String name) {
        ctx.status(404).json(new ApiError(Hosts.unknown(name)));
    }
}
