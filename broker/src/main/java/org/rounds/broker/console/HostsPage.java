package org.rounds.broker.console;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Hosts;

/**
 * {@code /console/hosts}: each desktop host's state, sessions against capacity, provider and
 * last heartbeat ({@link Hosts#listed}, as {@code rounds broker hosts list}); "Drain" and
 * "Undrain" (admin, as the admin API) stop and restart new placements on it; a drained host
 * that is down is offered "Undrain" too.
 */
final class HostsPage {
    private static final String PATH = Console.ROOT + "/hosts";

    private final Hosts hosts;
    private final Admins admins;
    private final Clock clock;

    HostsPage(Database db, Admins admins, Clock clock) {
        this.hosts = new Hosts(db);
        this.admins = admins;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get(PATH, ctx -> {
            Page p = ConsoleGuard.page(ctx);
            admins.viewed(p.tenant(), p.admin(), "console " + PATH);
            String done = ctx.queryParam("drained"), undone = ctx.queryParam("undrained");
            String notice = Views.isId(done) ? p.f("hosts.drainedNotice", done)
                    : Views.isId(undone) ? p.f("hosts.undrainedNotice", undone) : null;
            Map<String, Object> model = new HashMap<>();
            model.put("page", p);
            model.put("rows", hosts.listed(p.tenant(), clock.instant()));
            model.put("drained", hosts.drained(p.tenant()));
            model.put("notice", notice);
            Views.render(ctx, "hosts.jte", model);
        });
        for (boolean drain : new boolean[] {true, false}) {
            String verb = drain ? "drained" : "undrained";
            app.post(PATH + "/{name}/" + (drain ? "drain" : "undrain"), ctx -> {
                if (!ConsoleGuard.needs(ctx, AdminRole.ADMIN)) return;
                Page p = ConsoleGuard.page(ctx);
                String name = ctx.pathParam("name");
                if (!Views.isId(name) || !hosts.drain(p.tenant(), name, drain, clock.instant(), p.admin())) {
                    Views.render(ctx.status(404), "refused.jte", Map.of("page", p, "line", p.f("hosts.unknown", name)));
                    return;
                }
                ctx.redirect(PATH + "?" + verb + "=" + name, HttpStatus.SEE_OTHER);
            });
        }
    }
}
