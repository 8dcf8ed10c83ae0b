package org.rounds.host;

import org.rounds.broker.api.DesktopPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.display.Framebuffer;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ViewerLimits;
import org.rounds.broker.api.DesktopAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desktops in this JVM: one {@link ClinicalDesktop} per user, each served by its own RFB server
 * on a random loopback port that admits viewers only with a one-time password. Handing a
 * desktop over revokes every earlier password and closes the viewers they admitted before the
 * new password exists, so two endpoints never show one desktop. A password nobody uses expires
 * after {@link DesktopPool#CREDENTIAL_LIFETIME}; the pool sees its viewers leave, so it tells the
 * broker since when a desktop has had none ({@link #vacantSince}).
 */
public final class EmbeddedDesktopPool implements DesktopPool {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDesktopPool.class);

    private record Hosted(ClinicalDesktop desktop, RfbServer server, DesktopDoor door) {}

    private final Map<String, Hosted> desktops = new ConcurrentHashMap<>();
    private final InetAddress bind = InetAddress.getLoopbackAddress();
    /** One set of counts for every desktop here: a source's wrong guesses add up across users' desktops. */
    private final ViewerLimits limits = ViewerLimits.defaults();
    private final Clock clock;
    private volatile boolean closed;

    /** Passwords expire on the system clock. */
    public EmbeddedDesktopPool() {
        this(Clock.systemUTC());
    }

    /** {@code clock} times password expiry and vacancy (tests move it). */
    public EmbeddedDesktopPool(Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    @Override
    public DesktopAddress handOver(String userId, String displayName) {
        if (closed) throw new IllegalStateException("the desktop pool is closed");
        return desktops.computeIfAbsent(userId, u -> start(u, displayName)).door().handOver();
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
        synchronized (h.door()) {
            h.door().shutOut();
            h.server().close();
            h.desktop().close();
        }
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
    }

    private Hosted start(String userId, String displayName) {
        ClinicalDesktop desktop = new ClinicalDesktop(userId, displayName);
        DesktopDoor door = new DesktopDoor(bind, clock);
        RfbServer server = RfbServer.builder().bind(bind).port(0).source(desktop).security(door.security())
                .limits(limits).onViewerLeft(door::viewerLeft).build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the desktop of user " + userId + ": " + e.getMessage(), e);
        }
        log.info("desktop of user {} serving on {}:{}", userId, bind.getHostAddress(), server.port());
        desktop.onClipboard(server::offerClipboard);
        return new Hosted(desktop, server, door.serving(server::port, server::closeViewers, server::viewerCount));
    }

}
