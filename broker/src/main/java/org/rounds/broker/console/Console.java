package org.rounds.broker.console;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.rounds.broker.http.AdminLoginThrottle;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tenants;
import org.rounds.broker.takeover.TapService;

/**
 * The IT console: server-rendered pages under {@code /console/} on the broker's own port, for the
 * admin accounts of the admin API (same sign-in, roles, store code and audit). One class per page;
 * {@link ConsoleGuard} runs before each of them. Close it with the broker: it stops the live
 * sessions feed.
 */
public final class Console implements AutoCloseable {
    static final String ROOT = "/console";
    static final String SIGN_IN = ROOT + "/signin";

    private final SessionFeed feed;

    private Console(SessionFeed feed) {
        this.feed = feed;
    }

    /** Serves the console on {@code app}; call before the app starts. */
    public static Console serve(Javalin app, Admins admins, Database db, TapService taps, AdminLoginThrottle throttle, Clock clock) {
        ConsoleGuard guard = new ConsoleGuard(admins, new Tenants(db));
        app.before(ROOT, ConsoleGuard::headers);
        app.before(ROOT + "/*", guard::before);
        app.get(ROOT, ctx -> ctx.redirect(ROOT + "/sessions", HttpStatus.SEE_OTHER));
        app.get(ROOT + "/", ctx -> ctx.redirect(ROOT + "/sessions", HttpStatus.SEE_OTHER));
        app.get(ROOT + "/static/{file}", ctx -> {
            String file = ctx.pathParam("file");
            String type = file.equals("console.css") ? "text/css; charset=utf-8"
                    : file.equals("console.js") ? "text/javascript; charset=utf-8" : null;
            if (type == null) {
                ctx.status(404).contentType("text/plain; charset=utf-8").result("no such file: " + file);
                return;
            }
            ctx.contentType(type).result(resource("static/" + file));
        });
        app.get(ROOT + "/lang/{lang}", ctx -> {
            String lang = ctx.pathParam("lang");
            if (Texts.LANGUAGES.contains(lang)) {
                ctx.res().addHeader("Set-Cookie", ConsoleGuard.LANG_COOKIE + "=" + lang + "; Path=" + ROOT
                        + "; Max-Age=31536000; Secure; SameSite=Strict");
            }
            String then = ctx.queryParam("then");
            ctx.redirect(then != null && (ConsoleGuard.safeReturn(then) || then.equals(SIGN_IN)) ? then : ROOT + "/sessions",
                    HttpStatus.SEE_OTHER);
        });
        // a service admin picks the practice the pages show; the pick is read for a service admin only
        app.post(ROOT + "/practice", ctx -> {
            Page p = ConsoleGuard.page(ctx);
            String name = ctx.formParam("tenant") == null ? "" : ctx.formParam("tenant").strip();
            if (!p.service()) {
                ConsoleGuard.refuse(ctx, p.f("practice.notService", p.admin(), p.tenant()));
                return;
            }
            if (!name.matches("[a-z0-9][a-z0-9-]{0,62}") || !new Tenants(db).exists(new Tenant(name))) {
                Views.render(ctx.status(404), "refused.jte", java.util.Map.of("page", p, "line", p.f("practice.unknown", name)));
                return;
            }
            ctx.res().addHeader("Set-Cookie", ConsoleGuard.PRACTICE_COOKIE + "=" + name + "; Path=" + ROOT + "; HttpOnly; Secure; SameSite=Strict");
            ctx.redirect(ROOT + "/sessions", HttpStatus.SEE_OTHER);
        });
        new EndpointsPage(db, admins, clock).register(app);
        new HostsPage(db, admins, clock).register(app);
        new AuditPage(db, admins).register(app);
        new SignInPage(admins, throttle, clock).register(app);
        SessionFeed feed = new SessionFeed(db, admins);
        new SessionsPage(db, admins, taps, feed).register(app);
        new UsersPage(db, admins, clock).register(app);
        new ProfilesPage(db, admins, taps.profiles(), clock).register(app);
        return new Console(feed);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Console.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException(name + " is missing from the broker jar");
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        feed.close();
    }
}
