package org.rounds.broker.console;

import io.javalin.http.sse.SseClient;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.store.Admins;
import org.rounds.broker.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions page's live rows over Server-Sent Events. A tap may be decided by any broker on
 * the database, so the feed reads the sessions from the database (once a second, and only while
 * some console watches) rather than hearing this broker's own decisions; when they changed, each
 * watcher gets its rows rendered for its own language, role and CSRF token. A watcher whose
 * admin session has ended is closed.
 */
final class SessionFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionFeed.class);
    static final long PERIOD_MS = 1_000;

    private record Watcher(SseClient client, Page page, String token) {}

    private final Database db;
    private final Admins admins;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-session-feed");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> polling;
    private List<SessionRow> last = List.of();

    SessionFeed(Database db, Admins admins) {
        this.db = db;
        this.admins = admins;
    }

    /**
     * Holds {@code client} open and sends it the rows as they are now (read afresh: a change
     * between the page's rendering and this call would otherwise be missed), then whenever they change.
     */
    void watch(SseClient client, Page page, String token) throws SQLException {
        Watcher w = new Watcher(client, page, token);
        client.onClose(() -> watchers.remove(w));
        client.keepAlive();
        send(w, SessionRow.live(db));
        synchronized (this) {
            watchers.add(w);
            if (polling == null) polling = timer.scheduleWithFixedDelay(this::poll, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        try {
            List<SessionRow> rows = SessionRow.live(db);
            boolean changed;
            synchronized (this) {
                if (watchers.isEmpty()) {
                    polling.cancel(false);
                    polling = null;
                    return;
                }
                changed = !rows.equals(last);
                last = rows;
            }
            for (Watcher w : watchers) {
                if (w.client().terminated()) watchers.remove(w);
                else if (changed) send(w, rows);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("console: the live sessions feed could not read the sessions: {}", e.getMessage());
        }
    }

    private void send(Watcher w, List<SessionRow> rows) {
        try {
            if (admins.session(w.token()).isEmpty()) {
                w.client().sendEvent("signed-out", w.page().t("signin.expired"));
                w.client().close();
                watchers.remove(w);
                return;
            }
            // one line: the event's data is the table body, which a few lines of script put in place
            String html = Views.render("sessionRows.jte", Map.of("page", w.page(), "rows", rows)).replaceAll("\\s*\n\\s*", " ");
            w.client().sendEvent("sessions", html);
        } catch (SQLException | RuntimeException e) {
            watchers.remove(w);
        }
    }

    @Override
    public void close() {
        for (Watcher w : watchers) w.client().close();
        timer.shutdownNow();
    }
}
