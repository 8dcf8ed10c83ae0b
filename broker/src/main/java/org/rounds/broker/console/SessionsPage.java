package org.rounds.broker.console;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.takeover.TapService;

/**
 * {@code /console/sessions}: who is on which endpoint and desktop host, since when, live (see
 * {@link SessionFeed}); "Force log-off" (help desk and up) ends the session as the admin API's
 * DELETE does, and the endpoint that showed it is told on its push channel and locks.
 */
final class SessionsPage {
    private static final String PATH = Console.ROOT + "/sessions";

    private final Database db;
    private final Admins admins;
    private final TapService taps;
    private final SessionFeed feed;

    SessionsPage(Database db, Admins admins, TapService taps, SessionFeed feed) {
        this.db = db;
        this.admins = admins;
        this.taps = taps;
        this.feed = feed;
    }

    void register(Javalin app) {
        app.get(PATH, ctx -> {
            Page p = ConsoleGuard.page(ctx);
            admins.viewed(p.tenant(), p.admin(), "console " + PATH);
            Map<String, Object> model = new HashMap<>();
            model.put("page", p);
            java.util.List<SessionRow> rows = SessionRow.live(db, p.tenant());
            model.put("rows", rows);
            model.put("shown", SessionFeed.fingerprint(rows));
            String ended = ctx.queryParam("ended");
            model.put("notice", Views.isId(ended) ? p.f("sessions.ended", ended) : null);
            Views.render(ctx, "sessions.jte", model);
        });
        app.sse(PATH + "/events", client -> {
            try {
                String shown = client.ctx().queryParam("shown");
                feed.watch(client, ConsoleGuard.page(client.ctx()), ConsoleGuard.token(client.ctx()),
                        shown != null && shown.matches("[0-9a-f]{24}") ? shown : "");
            } catch (java.sql.SQLException e) {
                client.close();   // the browser's EventSource tries again by itself
            }
        });
        app.post(PATH + "/{userId}/end", ctx -> {
            if (!ConsoleGuard.needs(ctx, AdminRole.HELPDESK)) return;
            Page p = ConsoleGuard.page(ctx);
            String user = ctx.pathParam("userId");
            if (!Views.isId(user) || !taps.endByAdmin(p.tenant(), user, p.admin())) {
                Views.render(ctx.status(404), "refused.jte", Map.of("page", p, "line", p.f("sessions.none", user)));
                return;
            }
            ctx.redirect(PATH + "?ended=" + user, HttpStatus.SEE_OTHER);
        });
    }
}
