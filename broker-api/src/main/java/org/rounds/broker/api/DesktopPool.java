package org.rounds.broker.api;

import java.util.Optional;
import org.rounds.broker.api.DesktopAddress;

/**
 * Where users' desktops live: embedded (Java2D, served over RFB in this JVM), Xvnc per user,
 * or static VNC servers. The broker decides who owns a desktop; the pool only serves it.
 * Implementations are thread-safe.
 */
public interface DesktopPool extends AutoCloseable {

    /**
     * Hands the user's desktop to a new viewer: starts the desktop if the user has none,
     * revokes every earlier one-time credential for it, closes every viewer connected with one
     * (before this method returns), and issues a fresh one-time credential.
     */
    DesktopAddress handOver(String userId, String displayName);

    /** Revokes the user's credentials and closes its viewers; the desktop keeps running. */
    void disconnect(String userId);

    /** Ends the user's desktop (logoff); its state is gone. */
    void logoff(String userId);

    /**
     * What the user's desktop shows right now, as ARGB pixels with its size, or empty when the
     * user has no desktop here. The truth a viewer's framebuffer is compared with.
     */
    Optional<Snapshot> snapshot(String userId);

    record Snapshot(int width, int height, int[] pixels) {}

    @Override
    void close();
}
