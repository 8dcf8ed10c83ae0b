package org.rounds.roaming.session;

/** One desktop being shown. Closing disconnects the viewer; the desktop keeps running on its host. */
public interface DisplaySession extends AutoCloseable {

    /** Disconnects; idempotent, does not throw. Does not clear the screen (see {@link Screen}). */
    @Override
    void close();

    /** Told when the session ends without being closed. */
    @FunctionalInterface
    interface Listener {
        /** {@code reason} is one line, e.g. "server closed the connection". Any thread; must not block. */
        void connectionLost(String reason);
    }
}
