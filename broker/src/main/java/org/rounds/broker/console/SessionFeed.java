package org.rounds.broker.console;

import io.javalin.http.sse.SseClient;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.auth.Sha256;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions page's live rows over Server-Sent Events. A tap may be decided by any broker on
 * the database, so the feed reads the sessions from the database (once a second, and only while
 * some console watches) rather than hearing this broker's own decisions. Each watcher is sent
 * its rows (rendered for its own language, role and CSRF token) only when they differ from what
 * it shows: the page says which rows it rendered ({@link #fingerprint}), so an unchanged table is
 * never replaced under a keyboard user's focus. A watcher whose admin session ended is closed.
 */
final class SessionFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionFeed.class);
    static final long PERIOD_MS = 1_000;

    private static final class Watcher {
        final SseClient client;
        final Page page;
        final String token;
        volatile String shown;

        Watcher(SseClient client, Page page, String token, String shown) {
            this.client = client;
            this.page = page;
            this.token = token;
            this.shown = shown;
        }
    }

    private final Database db;
    private final Admins admins;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-session-feed");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> polling;

    SessionFeed(Database db, Admins admins) {
        this.db = db;
        this.admins = admins;
    }

    /** Which rows a page shows: the page sends it back when it starts watching. */
    static String fingerprint(List<SessionRow> rows) {
        return HexFormat.of().formatHex(Sha256.of(rows.toString()), 0, 12);
    }

    /**
     * Holds {@code client} open; sends it the rows now if they are not those its page shows
     * ({@code shown}, a {@link #fingerprint}: they may have changed since the page was rendered),
     * then whenever they change.
     */
    void watch(SseClient client, Page page, String token, String shown) throws SQLException {
        Watcher w = new Watcher(client, page, token, shown);
        client.onClose(() -> watchers.remove(w));
        client.keepAlive();
        List<SessionRow> rows = SessionRow.live(db, page.tenant());
        sendIfChanged(w, rows, fingerprint(rows));
        synchronized (this) {
            watchers.add(w);
            if (polling == null) polling = timer.scheduleWithFixedDelay(this::poll, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        try {
            synchronized (this) {
                if (watchers.isEmpty()) {
                    polling.cancel(false);
                    polling = null;
                    return;
                }
            }
            // each watcher sees its page's practice only: the rows are read once per practice watched
            java.util.Map<org.rounds.broker.store.Tenant, List<SessionRow>> byPractice = new java.util.HashMap<>();
            for (Watcher w : watchers) {
                if (w.client.terminated()) {
                    watchers.remove(w);
                    continue;
                }
                List<SessionRow> rows = byPractice.get(w.page.tenant());
                if (rows == null) {
                    rows = SessionRow.live(db, w.page.tenant());
                    byPractice.put(w.page.tenant(), rows);
                }
                sendIfChanged(w, rows, fingerprint(rows));
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("console: the live sessions feed could not read the sessions: {}", e.getMessage());
        }
    }

    private void sendIfChanged(Watcher w, List<SessionRow> rows, String fingerprint) {
        if (fingerprint.equals(w.shown)) return;
        try {
            if (admins.session(w.token).isEmpty()) {
                w.client.sendEvent("signed-out", w.page.t("signin.expired"));
                w.client.close();
                watchers.remove(w);
                return;
            }
            // one line: the event's data is the table body, which a few lines of script put in place
            String html = Views.render("sessionRows.jte", Map.of("page", w.page, "rows", rows)).replaceAll("\\s*\n\\s*", " ");
            w.client.sendEvent("sessions", html);
            w.shown = fingerprint;
        } catch (SQLException | RuntimeException e) {
            watchers.remove(w);
        }
    }

    @Override
    public void close() {
        for (Watcher w : watchers) w.client.close();
        timer.shutdownNow();
    }
}
