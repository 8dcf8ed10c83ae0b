package org.rounds.host;

import org.rounds.broker.api.DesktopPool;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.display.server.DesktopPort;
import org.rounds.display.server.RfbGateway;
import org.rounds.broker.api.DesktopAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Existing VNC servers from configuration, each assigned to a user (a workstation under a desk,
 * a VM someone else runs). Viewers never learn a server's own password: each user's server sits
 * behind the host's one {@link HostPort} (VeNCrypt X509Vnc to viewers, whatever the server
 * itself speaks), which admits the broker's one-time passwords and relays each viewer to the
 * server whose password it was, authenticating upstream with the configured one. Logoff only cuts the viewers: the server
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

    private record Fronted(DesktopDoor door) {}

    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final Map<String, Fronted> fronted = new ConcurrentHashMap<>();
    private final HostPort port;
    private final boolean ownsPort;
    private final Clock clock;
    private volatile boolean closed;

    /** The one-machine default: its own port on loopback with an ephemeral certificate. */
    public StaticDesktopPool(Iterable<Server> configured) {
        this(configured, Clock.systemUTC());
    }

    /** As above; {@code clock} times the expiry of unused one-time passwords ({@link DesktopPool#CREDENTIAL_LIFETIME}). */
    public StaticDesktopPool(Iterable<Server> configured, Clock clock) {
        this(configured, HostPort.loopback(), true, clock);
    }

    /** Servers fronted on {@code port}, which the caller owns (and closes after this pool). */
    public StaticDesktopPool(Iterable<Server> configured, HostPort port, Clock clock) {
        this(configured, port, false, clock);
    }

    private StaticDesktopPool(Iterable<Server> configured, HostPort port, boolean ownsPort, Clock clock) {
        this.port = Objects.requireNonNull(port, "port");
        this.ownsPort = ownsPort;
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Server s : configured)
            if (servers.putIfAbsent(s.userId(), s) != null) throw new IllegalArgumentException("user " + s.userId() + " has two servers");
    }

    @Override
    public DesktopAddress handOver(String userId, String displayName) { return fronted(userId).door().handOver(); }

    @Override
    public DesktopAddress admit(String userId, String displayName, String password) { return fronted(userId).door().admit(password); }

    /** The users whose servers have viewers or credentials fronted here now. */
    @Override
    public java.util.Set<String> users() { return java.util.Set.copyOf(fronted.keySet()); }

    /** The port this pool's servers are fronted on. */
    public HostPort port() { return port; }

    private Fronted fronted(String userId) {
        if (closed) throw new IllegalStateException("the desktop pool is closed");
        Server server = servers.get(userId);
        if (server == null) throw new IllegalStateException("no VNC server is assigned to user " + userId);
        return fronted.computeIfAbsent(userId, u -> front(server));
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
        f.door().close();
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
        if (ownsPort) port.close();
    }

    private Fronted front(Server s) {
        DesktopDoor door = new DesktopDoor(port, s.host() + ":" + s.port(), DesktopPort.Destination.relay(RfbGateway.tcp(s.host(), s.port(), s.password())), clock);
        return new Fronted(door);
    }
}
