package org.rounds.broker.takeover;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Profiles;
import org.rounds.broker.store.PushChannels;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends endpoints their effective profile ({@code profile-changed}): to each endpoint a change
 * concerns, through this broker's push channel or the broker holding it (the cluster bus, as a
 * {@code session-moved} goes), and to every endpoint whose push channel opens, so an endpoint
 * that was offline catches up. An endpoint offline now gets it when it connects.
 */
public final class ProfilePush {
    private static final Logger log = LoggerFactory.getLogger(ProfilePush.class);
    /** How long one endpoint is given to acknowledge; the push runs off the admin's request. */
    static final Duration ACK_WAIT = Duration.ofSeconds(2);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Profiles profiles;
    private final Database db;
    private final PushSender local;
    private final Cluster cluster;
    /** Pushes run here so an admin's change answers at once however many endpoints it concerns. */
    private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "rounds-profile-push-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    ProfilePush(Database db, PushSender local, Cluster cluster) {
        this.db = db;
        this.profiles = new Profiles(db);
        this.local = local;
        this.cluster = cluster;
    }

    /** The endpoint's effective profile as an event, for its push channel opening; empty when it has none. */
    public Optional<PushEvent> current(String endpointId) throws SQLException {
        return current(Tenant.DEFAULT, endpointId);
    }

    /** As {@link #current(String)}, for endpoint {@code endpointId} of practice {@code tenant}. */
    public Optional<PushEvent> current(Tenant tenant, String endpointId) throws SQLException {
        return profiles.effective(tenant, endpointId).map(ProfilePush::event);
    }

    /** Pushes each of the default practice's endpoints its effective profile now, in the background. */
    public void pushTo(Collection<String> endpointIds) {
        pushTo(Tenant.DEFAULT, endpointIds);
    }

    /** Pushes each endpoint of practice {@code tenant} its effective profile now, in the background; offline ones catch up when they connect. */
    public void pushTo(Tenant tenant, Collection<String> endpointIds) {
        for (String e : List.copyOf(endpointIds)) senders.execute(() -> pushOne(tenant, e));
    }

    /** Pushes the default practice's profile's newest version to every endpoint it applies to; how many that is. */
    public int pushProfile(String name) throws SQLException {
        return pushProfile(Tenant.DEFAULT, name);
    }

    /** Pushes practice {@code tenant}'s profile's newest version to every endpoint of the practice it applies to; how many that is. */
    public int pushProfile(Tenant tenant, String name) throws SQLException {
        java.util.Set<String> concerned = profiles.endpointsOf(tenant, name);
        pushTo(tenant, concerned);
        return concerned.size();
    }

    private void pushOne(Tenant tenant, String endpointId) {
        try {
            Optional<PushEvent> event = current(tenant, endpointId);
            if (event.isEmpty()) return;
            if (local.pushAndAwaitAck(tenant, endpointId, event.get(), ACK_WAIT)) return;
            Optional<String> holder = Tx.run(db, tenant, c -> PushChannels.brokerOf(c, endpointId));
            boolean acked = holder.filter(cluster::isOther).map(b -> cluster.push(b, tenant, endpointId, event.get(), ACK_WAIT)).orElse(false);
            if (!acked) log.debug("profile of {} not acknowledged now; it gets it when its push channel opens", endpointId);
        } catch (SQLException | RuntimeException e) {
            log.warn("profile of {} not pushed: {}", endpointId, e.getMessage());
        }
    }

    static PushEvent event(Profiles.Version v) {
        return new PushEvent.ProfileChanged(UUID.randomUUID().toString(), v.name(), v.version(), v.settings());
    }
}
