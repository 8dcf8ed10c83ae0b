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
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tenants;
import org.rounds.broker.store.Usage;

/**
 * The service admin's routes across practices (issue 23): GET {@code /tenants} lists them, POST
 * {@code /tenants} {name} adds one, GET {@code /tenants/usage?days=N} (default 7) is each
 * practice's sessions started and session hours per UTC day, for billing. A practice's admin is
 * refused (403): it sees its own practice only.
 */
final class AdminTenantRoutes {
    static final String TENANTS = BrokerApi.ADMIN + "/tenants";

    /** POST body of a new practice. */
    record TenantAdd(@JsonProperty(value = "name", required = true) String name) {}

    private AdminTenantRoutes() {}

    static void register(Javalin app, Admins admins, Database db, ObjectMapper json, Clock clock) {
        Tenants tenants = new Tenants(db);
        app.get(TENANTS, AdminRoutes.serviceWide(false, AdminRoutes.viewing(admins, ctx -> ctx.json(tenants.list().stream()
                .map(t -> Map.of("name", t.tenant().name(), "createdAt", t.createdAt().toString())).toList()))));
        app.post(TENANTS, AdminRoutes.serviceWide(false, AdminRoutes.needs(AdminRole.SERVICE, ctx -> {
            TenantAdd t = BrokerHttp.body(ctx, json, TenantAdd.class);
            Tenant tenant;
            try {
                tenant = new Tenant(t.name());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
            if (tenants.exists(tenant)) {
                ctx.status(409).json(new ApiError("practice " + tenant + " exists already; GET " + TENANTS + " lists them"));
                return;
            }
            tenants.add(tenant, clock.instant(), AdminRoutes.session(ctx).name());
            ctx.status(201).json(Map.of("name", tenant.name()));
        })));
        app.get(TENANTS + "/usage", AdminRoutes.serviceWide(false, AdminRoutes.viewing(admins, ctx -> {
            String d = ctx.queryParam("days");
            if (d != null && !d.matches("[0-9]{1,3}")) throw new BadRequest("days must be 1 to " + Usage.MAX_DAYS);
            int days = d == null ? 7 : Integer.parseInt(d);
            if (days < 1 || days > Usage.MAX_DAYS) throw new BadRequest("days must be 1 to " + Usage.MAX_DAYS);
            ctx.json(Map.of("days", days, "usage", new Usage(db).lastDays(days, clock.instant()).stream().map(Usage.Day::asJson).toList()));
        })));
    }
}
