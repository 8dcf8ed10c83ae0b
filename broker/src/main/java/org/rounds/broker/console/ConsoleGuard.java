package org.rounds.broker.console;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Sha256;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tenants;

/**
 * What runs before every console request: the security headers, the admin's session from its
 * cookie (the same admin session, kept only hashed, as the admin API's bearer token), the
 * redirect to sign-in without one, and the CSRF check of every POST.
 *
 * <p>The CSRF token is a hash of the session token: it differs per session, every broker of a
 * pair derives the same one, and a page that never saw the (HttpOnly) cookie cannot compute it.
 */
final class ConsoleGuard {
    static final String COOKIE = "rounds_console";
    static final String LANG_COOKIE = "rounds_lang";
    static final String CSRF_FIELD = "csrf";
    private static final String PAGE = "rounds.console.page";
    private static final String TOKEN = "rounds.console.token";

    private final Admins admins;
    private final Tenants tenants;
    /** The practice a service admin picked to look at (a name; read only for a service admin). */
    static final String PRACTICE_COOKIE = "rounds_practice";

    ConsoleGuard(Admins admins, Tenants tenants) {
        this.admins = admins;
        this.tenants = tenants;
    }

    /** Paths served without a session: sign-in, the language links, the stylesheet and script. */
    static boolean open(String path) {
        return path.equals(Console.SIGN_IN) || path.startsWith(Console.ROOT + "/lang/") || path.startsWith(Console.ROOT + "/static/");
    }

    void before(Context ctx) throws SQLException {
        headers(ctx);
        Texts texts = Texts.choose(ctx.cookie(LANG_COOKIE), ctx.header("Accept-Language"));
        if (open(ctx.path())) {
            ctx.attribute(PAGE, new Page(texts, null, null, null, ctx.path(), null));
            return;
        }
        String token = ctx.cookie(COOKIE);
        Optional<Admins.Session> s = token != null && token.length() < 200 ? admins.session(token) : Optional.empty();
        if (s.isEmpty()) {
            String then = ctx.method() == HandlerType.GET ? ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()) : null;
            ctx.redirect(Console.SIGN_IN + (then == null || !safeReturn(then) ? "" : "?then=" + URLEncoder.encode(then, StandardCharsets.UTF_8)),
                    io.javalin.http.HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        Page page = new Page(texts, s.get().name(), s.get().role(), csrf(token), ctx.path(), practice(s.get(), ctx.cookie(PRACTICE_COOKIE)));
        ctx.attribute(PAGE, page);
        ctx.attribute(TOKEN, token);
        if (ctx.method() == HandlerType.POST && !sameToken(page.csrf(), ctx.formParam(CSRF_FIELD))) {
            refuse(ctx, page.t("refused.csrf"));
        }
    }

    /**
     * The practice the pages show: the admin's own, from its account's row. Only a service admin's
     * pick ({@link #PRACTICE_COOKIE}, set by the practice form) is read; a practice admin's cookie
     * is ignored, and so is a pick of a practice that does not exist.
     */
    private Tenant practice(Admins.Session s, String picked) throws SQLException {
        if (!s.isService() || picked == null || !picked.matches("[a-z0-9][a-z0-9-]{0,62}")) return s.tenant();
        Tenant t = new Tenant(picked);
        return tenants.exists(t) ? t : s.tenant();
    }

    static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    static Page page(Context ctx) {
        return ctx.attribute(PAGE);
    }

    /** The signed-in admin's session token (only in this request; the store keeps its hash). */
    static String token(Context ctx) {
        return ctx.attribute(TOKEN);
    }

    /**
     * True when the signed-in admin holds {@code role}; otherwise answers 403 with one line naming
     * both roles and returns false (the button was not shown: this is a forged or stale form).
     */
    static boolean needs(Context ctx, AdminRole role) {
        Page p = page(ctx);
        if (p.can(role)) return true;
        refuse(ctx, p.f("refused.role", p.admin(), p.role().wire(), role.wire()));
        return false;
    }

    /** A 403 page of one line, and nothing after it runs. */
    static void refuse(Context ctx, String line) {
        Views.render(ctx.status(403), "refused.jte", java.util.Map.of("page", page(ctx), "line", line));
        ctx.skipRemainingHandlers();
    }

    /** A path to go back to after sign-in: a console page of this broker, never another site. */
    static boolean safeReturn(String then) {
        return then.length() < 1000 && then.startsWith(Console.ROOT + "/") && !then.startsWith(Console.SIGN_IN)
                && then.matches("[A-Za-z0-9/_.?=&%:+-]*");
    }

    static String csrf(String sessionToken) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of("rounds-console-csrf\n" + sessionToken));
    }

    static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    /** The session cookie: never readable by script, sent only over HTTPS, never from another site, only to the console. */
    static String sessionCookie(String token, long maxAgeSeconds) {
        return COOKIE + "=" + token + "; Path=" + Console.ROOT + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; Secure; SameSite=Strict";
    }

}
