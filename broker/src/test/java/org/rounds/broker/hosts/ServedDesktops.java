package org.rounds.broker.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.display.Framebuffer;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.host.ClinicalDesktop;

/**
 * A small pool that takes a broker's credential ({@link #admit}), as the pools of issue 18 will:
 * one embedded clinical desktop per user on loopback, served by an RFB server that admits the
 * broker's password; a new admit cuts the earlier server's viewers (a new server, the old one
 * closed) and keeps the desktop.
 */
final class ServedDesktops implements DesktopPool {
    private record Served(ClinicalDesktop desktop, RfbServer server) {}

    private final Map<String, Served> desktops = new ConcurrentHashMap<>();

    @Override
    public synchronized DesktopAddress admit(String userId, String displayName, String password) {
        Served old = desktops.get(userId);
        if (old != null) old.server().close();   // the hand-over rule: earlier viewers are cut first
        ClinicalDesktop desktop = old != null ? old.desktop() : new ClinicalDesktop(userId, displayName);
        RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.fixedPassword(password)).build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        desktops.put(userId, new Served(desktop, server));
        return new DesktopAddress("127.0.0.1", server.port(), password);
    }

    /** Where the user's desktop is served now. */
    int port(String userId) {
        return desktops.get(userId).server().port();
    }

    @Override
    public DesktopAddress handOver(String userId, String displayName) {
        throw new UnsupportedOperationException("a desktop host's pool takes the broker's credential");
    }

    @Override
    public Set<String> users() {
        return Set.copyOf(desktops.keySet());
    }

    @Override
    public void disconnect(String userId) {
        Served s = desktops.get(userId);
        if (s != null) s.server().closeViewers();
    }

    @Override
    public synchronized void logoff(String userId) {
        Served s = desktops.remove(userId);
        if (s != null) {
            s.server().close();
            s.desktop().close();
        }
    }

    @Override
    public Optional<Snapshot> snapshot(String userId) {
        Served s = desktops.get(userId);
        if (s == null) return Optional.empty();
        Framebuffer fb = s.desktop().framebuffer();
        synchronized (fb) {
            return Optional.of(new Snapshot(fb.width(), fb.height(), fb.copyPixels()));
        }
    }

    @Override
    public void close() {
        for (String u : Set.copyOf(desktops.keySet())) logoff(u);
    }
}
