package org.rounds.broker.takeover;

import java.sql.Connection;
import java.time.Duration;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.store.Sessions;
import org.rounds.broker.api.DesktopAddress;

/**
 * A user's desktop wherever it was last served: this broker's desktop pool, or another
 * broker's on the same database (the session row names it), whose viewers that broker closes
 * when asked. Several brokers each run a desktop host; only one of them serves a user at a time.
 * A pool holds the desktops of every practice, each by its {@link Sessions.Row#desktopKey}.
 */
final class ClusterDesktops implements SessionDesktops {
    /**
     * How long a takeover waits for another broker to close its viewers; one still holding its
     * lease is then waited for until it answers or its lease expires (see {@link Cluster#closeViewers}).
     */
    static final Duration ANSWER_WAIT = Duration.ofMillis(500);

    private final DesktopPool local;
    private final Cluster cluster;

    ClusterDesktops(DesktopPool local, Cluster cluster) {
        this.local = local;
        this.cluster = cluster;
    }

    /** Closes the viewers another broker served, then hands the desktop over here (see {@link DesktopPool#handOver}). */
    @Override
    public DesktopAddress handOver(DesktopStore store, Sessions.Row s, String displayName, String endpointId, Placement placement)
            throws java.sql.SQLException {
        if (!closeElsewhere(s, false)) {
            // Its broker is alive (its lease is fresh) and did not say the old viewer is closed: handing
            // the desktop over now could show it on two endpoints.
            throw new DesktopUnavailable("the desktop of " + s.userId() + " is still open through broker "
                    + s.desktopBroker().orElse("?") + ", which did not answer; tap again in a few seconds");
        }
        DesktopAddress address = local.handOver(s.desktopKey(), displayName);
        store.write(c -> {
            Sessions.servedBy(c, s.userId(), cluster.brokerId());
            return null;
        });
        return address;
    }

    @Override
    public void disconnect(DesktopStore store, Sessions.Row s) {
        if (servedElsewhere(s)) closeElsewhere(s, false);
        else local.disconnect(s.desktopKey());
    }

    @Override
    public void logoff(Connection c, Sessions.Row s) {
        if (servedElsewhere(s)) closeElsewhere(s, true);
        else local.logoff(s.desktopKey());
    }

    /**
     * Since when nobody has watched the user's desktop, when this broker's pool serves it and
     * can tell; empty otherwise (another broker served it, or the pool cannot see its viewers).
     */
    @Override
    public java.util.Optional<java.time.Instant> vacantSince(Sessions.Row s) {
        if (s.desktopBroker().isPresent() && cluster.isOther(s.desktopBroker().get())) return java.util.Optional.empty();
        return local.vacantSince(s.desktopKey());
    }

    private boolean servedElsewhere(Sessions.Row s) {
        return s.desktopBroker().isPresent() && cluster.isOther(s.desktopBroker().get());
    }

    /**
     * Asks the other broker that served the desktop to close its viewers; true when it did or is
     * gone, and when no other broker served it. False only for a live broker that did not answer.
     */
    private boolean closeElsewhere(Sessions.Row s, boolean logoff) {
        if (!servedElsewhere(s)) return true;
        return cluster.closeViewers(s.desktopBroker().get(), s.desktopKey(), logoff, ANSWER_WAIT);
    }
}
