package org.rounds.host;

import org.rounds.broker.api.DesktopPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.display.server.RfbGateway;
import org.rounds.broker.api.DesktopAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Existing VNC servers from configuration, each assigned to a user (a workstation under a desk,
 * a VM someone else runs). Viewers never learn a server's own password: each user's server sits
 * behind an {@link RfbGateway} on a loopback port that admits the broker's one-time passwords
 * and authenticates upstream with the configured one. Logoff only cuts the viewers: the server
 * is not ours to stop.
 */
public final class StaticDesktopPool implements DesktopPool {
    private static final Logger log = LoggerFactory.getLogger(StaticDesktopPool.class);

    /** One configured server: the user it belongs to, where it is, and its VNC password (null: none). */
    public record Server(String userId, String host, int port, String password) {
        public Server {
            Objects.requireNonNull(userId);
            Objects.requireNonNull(host);
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " of " + userId + "'s server is outside 1..65535");
        }
    }

    private record Fronted(RfbGateway gateway, DesktopDoor door) {}

    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final Map<String, Fronted> fronted = new ConcurrentHashMap<>();
    private final InetAddress bind = InetAddress.getLoopbackAddress();
    private final Clock clock;
    private volatile boolean closed;

    public StaticDesktopPool(Iterable<Server> configured) {
        this(configured, Clock.systemUTC());
    }

    /** {@code clock} times the expiry of unused one-time passwords ({@link DesktopPool#CREDENTIAL_LIFETIME}). */
    public StaticDesktopPool(Iterable<Server> configured, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Server s : configured)
            if (servers.putIfAbsent(s.userId(), s) != null) throw new IllegalArgumentException("user " + s.userId() + " has two servers");
    }

    @Override
    public DesktopAddress handOver(String userId, String displayName) {
        if (closed) throw new IllegalStateException("the desktop pool is closed");
        Server server = servers.get(userId);
        if (server == null) throw new IllegalStateException("no VNC server is assigned to user " + userId);
        return fronted.computeIfAbsent(userId, u -> front(server)).door().handOver();
    }

    @Override
    public void disconnect(String userId) {
        Fronted f = fronted.get(userId);
        if (f != null) f.door().shutOut();
    }

    @Override
    public void logoff(String userId) {
        Fronted f = fronted.remove(userId);
        if (f == null) return;
        f.door().shutOut();
        f.gateway().close();
        log.info("viewers of user {}'s static desktop cut at logoff", userId);
    }

    @Override
    public Optional<java.time.Instant> vacantSince(String userId) {
        Fronted f = fronted.get(userId);
        return f == null ? Optional.empty() : f.door().vacantSince();
    }

    /** A static server's screen is not kept here. */
    @Override
    public Optional<Snapshot> snapshot(String userId) { return Optional.empty(); }

    @Override
    public void close() {
        closed = true;
        for (String user : new ArrayList<>(fronted.keySet())) logoff(user);
    }

    private Fronted front(Server s) {
        DesktopDoor door = new DesktopDoor(bind, clock);
        RfbGateway gateway = new RfbGateway(bind, door.security(), RfbGateway.tcp(s.host(), s.port(), s.password()), s.host() + ":" + s.port());
        try {
            gateway.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot front " + s.host() + ":" + s.port() + " for user " + s.userId() + ": " + e.getMessage(), e);
        }
        gateway.onViewerLeft(door::viewerLeft);
        return new Fronted(gateway, door.serving(gateway::port, gateway::closeViewers, gateway::viewerCount));
    }
}
