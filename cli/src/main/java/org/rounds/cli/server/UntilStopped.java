package org.rounds.cli.server;

import java.util.concurrent.CountDownLatch;

/** Keeps a serving command (broker, desktop-host) running until the process is stopped (Ctrl+C, SIGTERM). */
final class UntilStopped {
    private UntilStopped() {}

    /** Blocks until shutdown; {@code onStop} runs on the shutdown hook thread, before this returns. */
    static void await(String name, Runnable onStop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            onStop.run();
            stopped.countDown();
        }, name + "-shutdown"));
        stopped.await();
    }
}
