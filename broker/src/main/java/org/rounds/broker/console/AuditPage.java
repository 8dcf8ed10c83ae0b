package org.rounds.broker.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tx;

/**
 * {@code /console/audit}: the audit trail searched by user, endpoint, kind and time range,
 * {@value AuditSearch#PAGE} rows a page by keyset ({@link AuditSearch}), and the same search as
 * CSV ({@code /console/audit.csv}, {@link AuditCsv}). Every search and export is itself audited.
 */
final class AuditPage {
    private static final String PATH = Console.ROOT + "/audit";

    private final Database db;
    private final Admins admins;

    AuditPage(Database db, Admins admins) {
        this.db = db;
        this.admins = admins;
    }

    void register(Javalin app) {
        app.get(PATH, ctx -> {
            Page p = ConsoleGuard.page(ctx);
            AuditSearch search = search(ctx);
            if (search == null) return;
            admins.viewed(p.tenant(), p.admin(), "console " + PATH + (search.query().isEmpty() ? "" : "?" + search.query()));
            List<AuditSearch.Row> rows = Tx.run(db, p.tenant(), c -> search.page(c, p.tenant(), AuditSearch.PAGE + 1));
            boolean more = rows.size() > AuditSearch.PAGE;
            if (more) rows = rows.subList(0, AuditSearch.PAGE);
            String q = search.query();
            Map<String, Object> model = new HashMap<>();
            model.put("page", p);
            model.put("search", search);
            model.put("rows", rows);
            model.put("next", more ? PATH + "?" + (q.isEmpty() ? "" : q + "&") + "before=" + rows.get(rows.size() - 1).id() : null);
            model.put("csv", PATH + ".csv" + (q.isEmpty() ? "" : "?" + q));
            model.put("first", search.before() == null ? null : PATH + (q.isEmpty() ? "" : "?" + q));
            model.put("error", null);
            Views.render(ctx, "audit.jte", model);
        });
        app.get(PATH + ".csv", ctx -> {
            Page p = ConsoleGuard.page(ctx);
            AuditSearch search = search(ctx);
            if (search == null) return;
            admins.viewed(p.tenant(), p.admin(), "console " + PATH + ".csv" + (search.query().isEmpty() ? "" : "?" + search.query()));
            ctx.contentType("text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=\"rounds-audit.csv\"");
            try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
                AuditCsv.write(db, p.tenant(), search, out);
            }
        });
    }

    /** The search asked for; null after answering 400 with one line naming the malformed field. */
    private static AuditSearch search(Context ctx) {
        try {
            return AuditSearch.of(ctx::queryParam);
        } catch (IllegalArgumentException e) {
            Page p = ConsoleGuard.page(ctx);
            Map<String, Object> model = new HashMap<>();
            model.put("page", p);
            model.put("search", new AuditSearch(null, null, null, null, null, null));
            model.put("rows", List.of());
            model.put("next", null);
            model.put("csv", PATH + ".csv");
            model.put("first", null);
            model.put("error", p.t("audit.bad." + e.getMessage()));
            Views.render(ctx.status(400), "audit.jte", model);
            return null;
        }
    }
}
