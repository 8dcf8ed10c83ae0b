package org.rounds.broker.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rounds.broker.api.ProfileSettings;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Profiles;
import org.rounds.broker.takeover.ProfilePush;

/**
 * {@code /console/profiles}: the endpoint profiles; {@code /console/profiles/{name}}: every field
 * to edit (admin), the endpoints it is assigned to, and its history of versions. Saving writes a
 * new version, audited, and pushes it live to every endpoint it applies to, as the admin API does.
 */
final class ProfilesPage {
    static final String PATH = Console.ROOT + "/profiles";

    private final Database db;
    private final Admins admins;
    private final ProfilePush push;
    private final Clock clock;
    private final Profiles profiles;

    ProfilesPage(Database db, Admins admins, ProfilePush push, Clock clock) {
        this.db = db;
        this.admins = admins;
        this.push = push;
        this.clock = clock;
        this.profiles = new Profiles(db);
    }

    void register(Javalin app) {
        app.get(PATH, ctx -> {
            Page p = ConsoleGuard.page(ctx);
            admins.viewed(p.tenant(), p.admin(), "console " + PATH);
            String name = ctx.queryParam("name");
            if (name != null) {   // the "new profile" form: a GET, so it needs no token and changes nothing
                if (Views.isId(name.strip())) {
                    ctx.redirect(PATH + "/" + name.strip(), HttpStatus.SEE_OTHER);
                    return;
                }
            }
            Views.render(ctx.status(name == null ? 200 : 400), "profiles.jte", Map.of("page", p, "profiles", profiles.list(p.tenant()),
                    "error", name == null ? "" : p.t("profiles.badName")));
        });
        app.get(PATH + "/{name}", ctx -> edit(ctx, 200, null, null));
        app.post(PATH + "/{name}", this::save);
        app.post(PATH + "/{name}/assign", this::assign);
    }

    private void edit(Context ctx, int status, ProfileSettings shown, String error) throws Exception {
        Page p = ConsoleGuard.page(ctx);
        String name = ctx.pathParam("name");
        if (!Views.isId(name)) {
            Views.render(ctx.status(404), "refused.jte", Map.of("page", p, "line", p.f("profiles.none", name)));
            return;
        }
        admins.viewed(p.tenant(), p.admin(), "console " + PATH + "/" + name);
        List<Profiles.Version> history = profiles.history(p.tenant(), name);
        Map<String, Object> model = new HashMap<>();
        model.put("page", p);
        model.put("name", name);
        model.put("isNew", history.isEmpty());
        model.put("settings", shown != null ? shown : history.isEmpty() ? ProfileSettings.defaults() : history.get(0).settings());
        model.put("history", history);
        model.put("endpoints", UserRow.endpoints(db, p.tenant()));
        model.put("assigned", List.copyOf(profiles.endpointsOf(p.tenant(), name)));
        model.put("error", error);
        String saved = ctx.queryParam("saved"), pushed = ctx.queryParam("pushed");
        model.put("notice", saved != null && saved.matches("[0-9]{1,9}") && pushed != null && pushed.matches("[0-9]{1,9}")
                ? p.f("profiles.saved", saved, pushed) : "assigned".equals(ctx.queryParam("done")) ? p.t("profiles.assignedNotice") : null);
        Views.render(ctx.status(status), "profile.jte", model);
    }

    /** Every field from the form; a bad one is the page again with one line, and no version is written. */
    private void save(Context ctx) throws Exception {
        if (!ConsoleGuard.needs(ctx, AdminRole.ADMIN)) return;
        Page p = ConsoleGuard.page(ctx);
        String name = ctx.pathParam("name");
        if (!Views.isId(name)) {
            Views.render(ctx.status(404), "refused.jte", Map.of("page", p, "line", p.f("profiles.none", name)));
            return;
        }
        String idle = orEmpty(ctx.formParam("idleLockMinutes"));
        String brokers = orEmpty(ctx.formParam("brokers"));
        List<String> brokerList = brokers.isEmpty() ? List.of() : Arrays.stream(brokers.split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        ProfileSettings s = new ProfileSettings(idle.matches("[0-9]{1,4}") ? Integer.parseInt(idle) : -1,
                orEmpty(ctx.formParam("sameUserTap")), ctx.formParam("tapOver") != null, orEmpty(ctx.formParam("clipboard")),
                orEmpty(ctx.formParam("language")), brokerList, orEmpty(ctx.formParam("kioskAccount")));
        Optional<String> problem = idle.matches("[0-9]{1,4}") ? s.problem() : Optional.of(p.f("profiles.badIdle", idle));
        if (problem.isPresent()) {
            edit(ctx, 400, s, problem.get());
            return;
        }
        Profiles.Version v = profiles.set(p.tenant(), name, s, p.admin(), clock.instant());
        int pushedTo = push.pushProfile(p.tenant(), name);
        ctx.redirect(PATH + "/" + name + "?saved=" + v.version() + "&pushed=" + pushedTo, HttpStatus.SEE_OTHER);
    }

    private void assign(Context ctx) throws Exception {
        if (!ConsoleGuard.needs(ctx, AdminRole.ADMIN)) return;
        Page p = ConsoleGuard.page(ctx);
        String name = ctx.pathParam("name");
        List<String> chosen = ctx.formParams("endpointIds").stream().filter(e -> Views.isId(e)).distinct().toList();
        List<String> known = UserRow.endpoints(db, p.tenant());
        if (chosen.isEmpty() || !known.containsAll(chosen)) {
            edit(ctx, 400, null, p.t("profiles.assignPick"));
            return;
        }
        if (!Views.isId(name) || !profiles.assign(p.tenant(), name, chosen, p.admin(), clock.instant())) {
            Views.render(ctx.status(404), "refused.jte", Map.of("page", p, "line", p.f("profiles.none", name)));
            return;
        }
        push.pushTo(p.tenant(), chosen);
        ctx.redirect(PATH + "/" + name + "?done=assigned", HttpStatus.SEE_OTHER);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
