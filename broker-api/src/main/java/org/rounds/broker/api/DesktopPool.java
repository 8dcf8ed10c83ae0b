package org.rounds.broker.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where users' desktops live: embedded (Java2D, served over RFB in this JVM), Xvnc per user,
 * or static VNC servers. The broker decides who owns a desktop; the pool only serves it.
 * Implementations are thread-safe.
 */
public interface DesktopPool extends AutoCloseable {

    /** How long a one-time credential from {@link #handOver} admits a viewer if nobody uses it. */
    Duration CREDENTIAL_LIFETIME = Duration.ofSeconds(60);

    /**
     * Hands the user's desktop to a new viewer: starts the desktop if the user has none,
     * revokes every earlier one-time credential for it, closes every viewer connected with one
     * (before this method returns), and issues a fresh one-time credential that admits one
     * viewer within {@link #CREDENTIAL_LIFETIME} and never after.
     */
    DesktopAddress handOver(String userId, String displayName);

    /**
     * As {@link #handOver}, but the one-time credential is {@code password}, chosen by the
     * broker (a desktop host's control channel carries it in {@link HostMessage.Admit}). The
     * address returned carries the host's advertised address and certificate pin.
     */
    default DesktopAddress admit(String userId, String displayName, String password) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take a broker's credential");
    }

    /** The users whose desktops run here now (for a host's heartbeat). */
    default java.util.Set<String> users() {
        return java.util.Set.of();
    }

    /** Revokes the user's credentials and closes its viewers; the desktop keeps running. */
    void disconnect(String userId);

    /** Ends the user's desktop (logoff); its state is gone. */
    void logoff(String userId);

    /**
     * What the user's desktop shows right now, as ARGB pixels with its size, or empty when the
     * user has no desktop here. The truth a viewer's framebuffer is compared with.
     */
    Optional<Snapshot> snapshot(String userId);

    /**
     * Since when the user's desktop has had no viewer: its last viewer dropped (or was never
     * connected since the last {@link #handOver}). Empty while a viewer is connected, when the
     * user has no desktop here, or when the pool cannot see its viewers (the default). The broker
     * measures a reconnect's window from it.
     */
    default Optional<Instant> vacantSince(String userId) {
        return Optional.empty();
    }

    record Snapshot(int width, int height, int[] pixels) {}

    @Override
    void close();
}
