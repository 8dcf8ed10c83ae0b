package org.rounds.broker.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Enrolments;
import org.rounds.broker.store.Hosts;

/**
 * {@code /console/endpoints}: every endpoint, online or not, with its kind, location, broker,
 * last sign of life and last tap. "Enrol endpoint" (admin) adds one and shows its one-time code
 * once, on the answer to that post only; "Revoke" (help desk and up) revokes it, as the admin
 * API's enrolment routes do.
 */
final class EndpointsPage {
    private static final String PATH = Console.ROOT + "/endpoints";
    private static final String KINDS = "cart|tablet|kiosk|workstation";

    private final Database db;
    private final Admins admins;
    private final Clock clock;

    EndpointsPage(Database db, Admins admins, Clock clock) {
        this.db = db;
        this.admins = admins;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get(PATH, ctx -> {
            admins.viewed(ConsoleGuard.page(ctx).tenant(), ConsoleGuard.page(ctx).admin(), "console " + PATH);
            show(ctx, 200, noticeOf(ctx), null, null);
        });
        app.post(PATH, ctx -> {
            if (!ConsoleGuard.needs(ctx, AdminRole.ADMIN)) return;
            Page p = ConsoleGuard.page(ctx);
            String id = field(ctx, "endpointId"), kind = field(ctx, "kind"), location = field(ctx, "location"), site = field(ctx, "site");
            String wrong = !Views.isId(id) ? p.t("endpoints.badId")
                    : !kind.matches(KINDS) ? p.t("endpoints.badKind")
                    : location.length() > 200 ? p.t("endpoints.badLocation")
                    : !Hosts.isSite(site) ? p.t("endpoints.badSite") : null;
            if (wrong != null) {
                show(ctx, 400, null, wrong, null);
                return;
            }
            String code = new Enrolments(db).add(p.tenant(), id, kind, location, site, clock.instant(), p.admin());
            show(ctx, 201, null, null, new Enrolled(id, code));
        });
        app.post(PATH + "/{id}/revoke", ctx -> {
            if (!ConsoleGuard.needs(ctx, AdminRole.HELPDESK)) return;
            Page p = ConsoleGuard.page(ctx);
            String id = ctx.pathParam("id");
            if (!Views.isId(id) || !new Enrolments(db).revoke(p.tenant(), id, clock.instant(), p.admin())) {
                show(ctx, 404, null, p.f("endpoints.unknown", id), null);
                return;
            }
            ctx.redirect(PATH + "?revoked=" + id, HttpStatus.SEE_OTHER);
        });
    }

    /** The one-time code of an endpoint just added: shown on this answer only, never stored readable. */
    record Enrolled(String endpointId, String code) {}

    private void show(Context ctx, int status, String notice, String error, Enrolled enrolled) throws Exception {
        Map<String, Object> model = new HashMap<>();
        model.put("page", ConsoleGuard.page(ctx));
        model.put("rows", EndpointRow.all(db, ConsoleGuard.page(ctx).tenant()));
        model.put("notice", notice);
        model.put("error", error);
        model.put("enrolled", enrolled);
        Views.render(ctx.status(status), "endpoints.jte", model);
    }

    private static String noticeOf(Context ctx) {
        String revoked = ctx.queryParam("revoked");
        return Views.isId(revoked) ? ConsoleGuard.page(ctx).f("endpoints.revoked", revoked) : null;
    }

    private static String field(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v.strip();
    }
}
