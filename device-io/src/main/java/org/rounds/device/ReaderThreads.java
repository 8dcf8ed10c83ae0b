package org.rounds.device;

/** What every driver thread does the same way: deliver an event safely, and pause. */
public final class ReaderThreads {
    private ReaderThreads() {}

    /**
     * Hands an event to the listener. Listeners must not throw; one that does must not stop the
     * driver's thread, so its exception ends here.
     */
    public static void deliver(BadgeReader.ReaderListener listener, ReaderEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ReaderThreads.class)
                    .error("{}: listener failed on {}: {}", event.reader(), event.getClass().getSimpleName(), e.toString());
        }
    }

    /** Sleeps; false when interrupted (the interrupt stays set): the driver should stop. */
    public static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
