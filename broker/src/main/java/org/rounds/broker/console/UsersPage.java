package org.rounds.broker.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.rounds.broker.api.SlowHash;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Lockouts;
import org.rounds.broker.store.OutsideAccess;
import org.rounds.broker.store.TapEnrolments;

/**
 * {@code /console/users}: the users, and enrolling one; {@code /console/users/{id}}: tap to enrol
 * (pick an endpoint; the next badge tapped there is bound, its status updating live), reset the
 * PIN, unlock by source, allow or refuse outside access. Every change is the help desk's (outside
 * access: admin's), audited as the signed-in admin, through the same store code as the admin API.
 */
final class UsersPage {
    static final String PATH = Console.ROOT + "/users";

    private final Database db;
    private final Admins admins;
    private final Clock clock;

    UsersPage(Database db, Admins admins, Clock clock) {
        this.db = db;
        this.admins = admins;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get(PATH, ctx -> list(ctx, 200, null));
        app.post(PATH, this::enrol);
        app.get(PATH + "/{id}", ctx -> user(ctx, 200, null));
        app.get(PATH + "/{id}/tap-enrolment", this::tapStatus);
        app.post(PATH + "/{id}/tap-enrolment", ctx -> act(ctx, AdminRole.HELPDESK, (p, user) -> {
            String endpoint = orEmpty(ctx.formParam("endpointId"));
            if (!Views.isId(endpoint)) return p.t("users.tap.pick");
            try {
                new TapEnrolments(db).arm(p.tenant(), user, endpoint, p.admin(), clock.instant());
                return null;
            } catch (TapEnrolments.Refused r) {
                return r.getMessage();
            }
        }, "armed"));
        app.post(PATH + "/{id}/pin", ctx -> act(ctx, AdminRole.HELPDESK, (p, user) -> {
            String pin = orEmpty(ctx.formParam("pin"));
            if (!pin.matches("[0-9]{4,12}")) return p.t("users.pin.bad");
            new Directory(db).in(p.tenant()).by(p.admin()).setSecret(user, true, SlowHash.hash(pin), clock.instant());
            return null;
        }, "pin"));
        app.post(PATH + "/{id}/unlock", ctx -> act(ctx, AdminRole.HELPDESK, (p, user) -> {
            String source = ctx.formParam("source");
            if (source != null && (source.isEmpty() || source.length() > 128)) return p.t("users.unlock.bad");
            new Lockouts(db).clear(p.tenant(), user, Optional.ofNullable(source), p.admin(), clock.instant());
            return null;
        }, "unlocked"));
        app.post(PATH + "/{id}/outside", ctx -> act(ctx, AdminRole.ADMIN, (p, user) -> {
            OutsideAccess.setAllowed(db, p.tenant(), user, "allow".equals(ctx.formParam("outside")), p.admin(), clock.instant());
            return null;
        }, "outside"));
    }

    private void list(Context ctx, int status, String error) throws Exception {
        Page p = ConsoleGuard.page(ctx);
        admins.viewed(p.tenant(), p.admin(), "console " + PATH);
        Map<String, Object> model = new HashMap<>();
        model.put("page", p);
        model.put("users", UserRow.all(db, p.tenant(), clock.instant()));
        model.put("error", error);
        String enrolled = ctx.queryParam("enrolled");
        model.put("notice", Views.isId(enrolled) ? p.f("users.enrolled", enrolled) : null);
        Views.render(ctx.status(status), "users.jte", model);
    }

    /** Enrols a user: id, display name and an optional PIN; the badge comes by tap to enrol, never typed. */
    private void enrol(Context ctx) throws Exception {
        if (!ConsoleGuard.needs(ctx, AdminRole.HELPDESK)) return;
        Page p = ConsoleGuard.page(ctx);
        String id = orEmpty(ctx.formParam("userId")), name = orEmpty(ctx.formParam("displayName")), pin = orEmpty(ctx.formParam("pin"));
        String error = !Views.isId(id) ? p.t("users.enrol.badId") : name.isEmpty() || name.length() > 200 ? p.t("users.enrol.badName")
                : !pin.isEmpty() && !pin.matches("[0-9]{4,12}") ? p.t("users.pin.bad") : null;
        if (error != null) {
            list(ctx, 400, error);
            return;
        }
        Directory by = new Directory(db).in(p.tenant()).by(p.admin());
        by.upsertUser(id, name, clock.instant());
        if (!pin.isEmpty()) by.setSecret(id, true, SlowHash.hash(pin), clock.instant());
        ctx.redirect(PATH + "/" + id + "?done=enrolled", HttpStatus.SEE_OTHER);
    }

    private void user(Context ctx, int status, String error) throws Exception {
        Page p = ConsoleGuard.page(ctx);
        String id = ctx.pathParam("id");
        Optional<UserRow> u = Views.isId(id) ? UserRow.one(db, p.tenant(), id, clock.instant()) : Optional.empty();
        if (u.isEmpty()) {
            Views.render(ctx.status(404), "refused.jte", Map.of("page", p, "line", p.f("users.none", id)));
            return;
        }
        admins.viewed(p.tenant(), p.admin(), "console " + PATH + "/" + id);
        Map<String, Object> model = new HashMap<>();
        model.put("page", p);
        model.put("user", u.get());
        model.put("lockouts", new Lockouts(db).of(p.tenant(), id));
        model.put("endpoints", UserRow.endpoints(db, p.tenant()));
        model.put("tap", new TapEnrolments(db).status(p.tenant(), id, clock.instant()).map(s -> tapText(p, s)).orElse(""));
        model.put("tapState", new TapEnrolments(db).status(p.tenant(), id, clock.instant()).map(s -> s.state().wire()).orElse(""));
        model.put("error", error);
        String done = ctx.queryParam("done");
        model.put("notice", done != null && done.matches("[a-z]{1,16}") ? p.f("users.done." + done, u.get().displayName()) : null);
        Views.render(ctx.status(status), "user.jte", model);
    }

    /** The tap to enrol status as JSON, for the page's script to poll: {"state": ..., "text": ...} (no badge, ever). */
    private void tapStatus(Context ctx) throws Exception {
        Page p = ConsoleGuard.page(ctx);
        String id = ctx.pathParam("id");
        Optional<TapEnrolments.Status> s = Views.isId(id) ? new TapEnrolments(db).status(p.tenant(), id, clock.instant()) : Optional.empty();
        ctx.json(new TapStatus(s.map(x -> x.state().wire()).orElse(""), s.map(x -> tapText(p, x)).orElse("")));
    }

    static String tapText(Page p, TapEnrolments.Status s) {
        return switch (s.state()) {
            case ARMED -> p.f("users.tap.armed", s.endpointId(), Times.show(s.expiresAt()));
            case BOUND -> p.f("users.tap.bound", s.endpointId(), Times.show(s.doneAt().orElse(s.expiresAt())));
            case EXPIRED -> p.f("users.tap.expired", s.endpointId());
            case CANCELLED -> p.f("users.tap.cancelled", s.endpointId());
        };
    }

    /** A change to one user: refused by role, answered with the page and a one-line error, or redirected with a notice. */
    @FunctionalInterface
    private interface Change {
        /** Null when done; else the one line saying what was wrong. */
        String apply(Page p, String user) throws Exception;
    }

    private void act(Context ctx, AdminRole role, Change change, String done) throws Exception {
        if (!ConsoleGuard.needs(ctx, role)) return;
        Page p = ConsoleGuard.page(ctx);
        String id = ctx.pathParam("id");
        if (!Views.isId(id) || UserRow.one(db, p.tenant(), id, clock.instant()).isEmpty()) {
            Views.render(ctx.status(404), "refused.jte", Map.of("page", p, "line", p.f("users.none", id)));
            return;
        }
        String error = change.apply(p, id);
        if (error != null) {
            user(ctx, 400, error);
            return;
        }
        ctx.redirect(PATH + "/" + id + "?done=" + done, HttpStatus.SEE_OTHER);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    /** What the page's script reads, in this order. */
    record TapStatus(String state, String text) {}
}
