package org.rounds.host;

import org.rounds.broker.api.DesktopPool;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.display.Framebuffer;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.DesktopPort;
import org.rounds.display.server.PasswordBook;
import org.rounds.display.server.ServerSecurity;
import org.rounds.broker.api.DesktopAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desktops in this JVM: one {@link ClinicalDesktop} per user, all served on the host's one
 * {@link HostPort} (VeNCrypt X509Vnc), where a viewer's one-time password says whose desktop it
 * sees; a desktop's RFB server listens on no port of its own. Handing a
 * desktop over revokes every earlier password and closes the viewers they admitted before the
 * new password exists, so two endpoints never show one desktop. A password nobody uses expires
 * after {@link DesktopPool#CREDENTIAL_LIFETIME}; the pool sees its viewers leave, so it tells the
 * broker since when a desktop has had none ({@link #vacantSince}).
 */
public final class EmbeddedDesktopPool implements DesktopPool {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDesktopPool.class);

    private record Hosted(ClinicalDesktop desktop, RfbServer server, DesktopDoor door) {}

    private final Map<String, Hosted> desktops = new ConcurrentHashMap<>();
    private final HostPort port;
    private final boolean ownsPort;
    private final Clock clock;
    private volatile boolean closed;

    /** The one-machine default: its own port on loopback with an ephemeral certificate; passwords expire on the system clock. */
    public EmbeddedDesktopPool() {
        this(Clock.systemUTC());
    }

    /** As {@link #EmbeddedDesktopPool()}; {@code clock} times password expiry and vacancy (tests move it). */
    public EmbeddedDesktopPool(Clock clock) {
        this(HostPort.loopback(), true, clock);
    }

    /** Desktops served on {@code port}, which the caller owns (and closes after this pool). */
    public EmbeddedDesktopPool(HostPort port, Clock clock) {
        this(port, false, clock);
    }

    private EmbeddedDesktopPool(HostPort port, boolean ownsPort, Clock clock) {
        this.port = java.util.Objects.requireNonNull(port, "port");
        this.ownsPort = ownsPort;
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    @Override
    public DesktopAddress handOver(String userId, String displayName) {
        return hosted(userId, displayName).door().handOver();
    }

    @Override
    public DesktopAddress admit(String userId, String displayName, String password) {
        return hosted(userId, displayName).door().admit(password);
    }

    @Override
    public Set<String> users() { return Set.copyOf(desktops.keySet()); }

    /** The port this pool's desktops are served on. */
    public HostPort port() { return port; }

    private Hosted hosted(String userId, String displayName) {
        if (closed) throw new IllegalStateException("the desktop pool is closed");
        return desktops.computeIfAbsent(userId, u -> start(u, displayName));
    }

    @Override
    public void disconnect(String userId) {
        Hosted h = desktops.get(userId);
        if (h != null) h.door().shutOut();
    }

    @Override
    public void logoff(String userId) {
        Hosted h = desktops.remove(userId);
        if (h == null) return;
        h.door().close();
        h.server().close();
        h.desktop().close();
        log.info("desktop of user {} logged off", userId);
    }

    @Override
    public Optional<Instant> vacantSince(String userId) {
        Hosted h = desktops.get(userId);
        return h == null ? Optional.empty() : h.door().vacantSince();
    }

    @Override
    public Optional<Snapshot> snapshot(String userId) {
        Hosted h = desktops.get(userId);
        if (h == null) return Optional.empty();
        Framebuffer fb = h.desktop().framebuffer();
        synchronized (fb) {
            return Optional.of(new Snapshot(fb.width(), fb.height(), fb.copyPixels()));
        }
    }

    /** The user's desktop, if it runs here. */
    public Optional<ClinicalDesktop> desktop(String userId) {
        return Optional.ofNullable(desktops.get(userId)).map(Hosted::desktop);
    }

    @Override
    public void close() {
        closed = true;
        for (String user : new ArrayList<>(desktops.keySet())) logoff(user);
        if (ownsPort) port.close();
    }

    private Hosted start(String userId, String displayName) {
        ClinicalDesktop desktop = new ClinicalDesktop(userId, displayName);
        // Never started: viewers come only through the host port, which hands each one over
        // authenticated. The security is a book nobody issues into, should anyone start it.
        RfbServer server = RfbServer.builder().source(desktop).security(ServerSecurity.oneTimePasswords(new PasswordBook())).build();
        DesktopDoor door = new DesktopDoor(port, "the desktop of user " + userId, DesktopPort.Destination.server(server), clock);
        log.info("desktop of user {} served on {}:{}", userId, port.advertisedHost(), port.advertisedPort());
        desktop.onClipboard(server::offerClipboard);
        return new Hosted(desktop, server, door);
    }
}
