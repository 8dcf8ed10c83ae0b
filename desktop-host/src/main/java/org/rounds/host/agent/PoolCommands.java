package org.rounds.host.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.api.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a broker's commands do on this host's {@link DesktopPool}: each Admit, Disconnect and
 * Logoff becomes one {@link HostMessage.Reply}, its error one line (never the password). The
 * pool outlives every channel: a broker going away ends no desktop.
 */
final class PoolCommands {
    private static final Logger log = LoggerFactory.getLogger(PoolCommands.class);

    private final DesktopPool pool;
    private final String provider;
    private final int capacity;
    /** One command at a time per user: an Admit and a Logoff for one desktop never interleave. */
    private final Map<String, Object> perUser = new ConcurrentHashMap<>();

    PoolCommands(DesktopPool pool, String provider, int capacity) {
        this.pool = pool;
        this.provider = provider;
        this.capacity = capacity;
    }

    HostMessage.Reply execute(HostMessage.Command command) {
        String id = command.id(), user = command.userId();
        if (user == null || user.isEmpty()) return new HostMessage.Reply(id, false, "the command names no user");
        synchronized (perUser.computeIfAbsent(user, u -> new Object())) {
            try {
                if (command instanceof HostMessage.Admit a) {
                    Set<String> running = pool.users();
                    if (!running.contains(user) && running.size() >= capacity)
                        return new HostMessage.Reply(id, false, "desktop host full: " + running.size() + " of " + capacity + " sessions");
                    pool.admit(user, a.displayName() == null ? user : a.displayName(), a.password());
                } else if (command instanceof HostMessage.Disconnect) {
                    pool.disconnect(user);
                } else {
                    pool.logoff(user);
                    perUser.remove(user);
                }
                return new HostMessage.Reply(id, true, "");
            } catch (UnsupportedOperationException e) {
                return new HostMessage.Reply(id, false, "the " + provider + " desktop pool of this host cannot take a broker's credential: "
                        + "upgrade the desktop host");
            } catch (RuntimeException e) {
                log.warn("{} for user {} failed: {}", command.getClass().getSimpleName().toLowerCase(), user, OneLine.of(e));
                return new HostMessage.Reply(id, false, OneLine.of(e));
            }
        }
    }

    /** The desktops running here now, for Hello and Heartbeat. */
    List<HostMessage.Desktop> desktops() {
        List<HostMessage.Desktop> out = new ArrayList<>();
        for (String user : pool.users()) {
            Optional<java.time.Instant> vacant = pool.vacantSince(user);
            out.add(new HostMessage.Desktop(user, vacant.isEmpty(), vacant.map(java.time.Instant::toEpochMilli).orElse(0L)));
        }
        return out;
    }
}
