package org.rounds.device;

/**
 * One reader driver. {@link #start} begins delivering events to the listener, in order, on a
 * thread the driver owns; {@link #close} stops it and returns once no more events will come.
 * Listeners must be fast and must not throw.
 */
public interface BadgeReader extends AutoCloseable {

    /** A short stable name, e.g. {@code "sim:cart-1"}. */
    String name();

    void start(ReaderListener listener);

    @Override
    void close();

    @FunctionalInterface
    interface ReaderListener {
        void onEvent(ReaderEvent event);
    }
}
