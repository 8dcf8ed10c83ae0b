package org.rounds.broker.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.rounds.broker.http.AdminLoginThrottle;
import org.rounds.broker.store.Admins;

/**
 * Sign-in with admin name, password and 6-digit TOTP code ({@link Admins#login}, the same
 * accounts, audit rows and per-(name, source) throttle as the admin API), and sign-out.
 *
 * <p>There is no session to tie the sign-in form's CSRF token to, so it is a random value both in
 * a cookie only this form's path receives and in the form: another site can post the form but
 * cannot read or set that cookie.
 */
final class SignInPage {
    private static final String FORM_COOKIE = "rounds_signin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Admins admins;
    private final AdminLoginThrottle throttle;
    private final java.time.Clock clock;

    SignInPage(Admins admins, AdminLoginThrottle throttle, java.time.Clock clock) {
        this.admins = admins;
        this.throttle = throttle;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get(Console.SIGN_IN, ctx -> show(ctx, 200, null, ctx.queryParam("then")));
        app.post(Console.SIGN_IN, this::signIn);
        app.post(Console.ROOT + "/signout", ctx -> {
            Page p = ConsoleGuard.page(ctx);
            admins.logout(p.tenant(), ConsoleGuard.token(ctx), p.admin());
            ctx.res().addHeader("Set-Cookie", ConsoleGuard.sessionCookie("", 0));
            ctx.redirect(Console.SIGN_IN, HttpStatus.SEE_OTHER);
        });
    }

    private void signIn(Context ctx) throws Exception {
        Page p = ConsoleGuard.page(ctx);
        String then = ctx.formParam("then");
        String formToken = ctx.cookie(FORM_COOKIE);
        if (formToken == null || !ConsoleGuard.sameToken(formToken, ctx.formParam(ConsoleGuard.CSRF_FIELD))) {
            ConsoleGuard.refuse(ctx, p.t("refused.csrf"));
            return;
        }
        String name = orEmpty(ctx.formParam("name")), password = orEmpty(ctx.formParam("password")), totp = orEmpty(ctx.formParam("totp"));
        if (!name.matches("[A-Za-z0-9._-]{1,64}") || password.isEmpty() || password.length() > 256 || !totp.matches("[0-9]{6}")) {
            show(ctx, 400, p.t("signin.malformed"), then);
            return;
        }
        String source = ctx.req().getRemoteAddr();
        long wait = throttle.begin(name, source);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            show(ctx, 429, p.f("signin.throttled", name, wait), then);
            return;
        }
        Optional<Admins.Login> in = admins.login(name, password, totp, source);
        if (in.isEmpty()) {
            show(ctx, 401, p.t("signin.wrong"), then);
            return;
        }
        throttle.succeeded(name, source);
        long maxAge = Math.max(1, Duration.between(clock.instant(), in.get().expiresAt()).getSeconds());
        ctx.res().addHeader("Set-Cookie", ConsoleGuard.sessionCookie(in.get().token(), maxAge));
        ctx.res().addHeader("Set-Cookie", formCookie("", 0));
        ctx.redirect(then != null && ConsoleGuard.safeReturn(then) ? then : Console.ROOT + "/sessions", HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, int status, String error, String then) {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String formToken = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        ctx.res().addHeader("Set-Cookie", formCookie(formToken, 600));
        Map<String, Object> model = new HashMap<>();
        model.put("page", ConsoleGuard.page(ctx));
        model.put("formToken", formToken);
        model.put("error", error);
        model.put("then", then != null && ConsoleGuard.safeReturn(then) ? then : "");
        Views.render(ctx.status(status), "signin.jte", model);
    }

    private static String formCookie(String value, long maxAge) {
        return FORM_COOKIE + "=" + value + "; Path=" + Console.SIGN_IN + "; Max-Age=" + maxAge + "; HttpOnly; Secure; SameSite=Strict";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }

}
