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

    /** Starts a named daemon thread running a driver's loop. */
    public static Thread startDaemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Stops a driver's thread and waits for it to end, so no event comes after close returns;
     * {@code interrupt} wakes a thread sleeping or waiting on a queue. A thread closing itself
     * (from a listener) is not waited for.
     */
    public static void stop(Thread thread, boolean interrupt) {
        if (thread == null || thread == Thread.currentThread()) return;
        if (interrupt) thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
