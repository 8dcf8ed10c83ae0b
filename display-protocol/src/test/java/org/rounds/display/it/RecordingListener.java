package org.rounds.display.it;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.rounds.display.client.Cursor;
import org.rounds.display.client.RfbListener;

/** Records what an RfbSession reports. */
final class RecordingListener implements RfbListener {
    final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    final Semaphore updates = new Semaphore(0);

    final CompletableFuture<Cursor> firstCursor = new CompletableFuture<>();

    @Override public void updateEnd() { updates.release(); }

    final java.util.concurrent.BlockingQueue<Cursor> cursors = new java.util.concurrent.LinkedBlockingQueue<>();

    @Override public void cursor(Cursor c) {
        firstCursor.complete(c);
        cursors.add(c);
    }

    /** Waits for a pointer shape that is not empty (servers send 0x0 for "no cursor"). */
    Cursor awaitVisibleCursor(long seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Cursor c = cursors.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (c != null && c.width() > 0 && c.height() > 0) return c;
        }
        throw new AssertionError("no visible cursor within " + seconds + " s");
    }

    final java.util.concurrent.BlockingQueue<org.rounds.display.client.DesktopSizeResult> sizeResults = new java.util.concurrent.LinkedBlockingQueue<>();

    @Override public void desktopSizeResult(org.rounds.display.client.DesktopSizeResult r) { sizeResults.add(r); }

    @Override public void closed(Optional<Throwable> cause) {
        if (!closed.complete(cause)) throw new AssertionError("closed reported twice");
    }
}
