package org.rounds.display.it;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.rounds.display.client.RfbListener;

/** Records what an RfbSession reports. */
final class RecordingListener implements RfbListener {
    final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    final Semaphore updates = new Semaphore(0);

    @Override public void updateEnd() { updates.release(); }

    @Override public void closed(Optional<Throwable> cause) {
        if (!closed.complete(cause)) throw new AssertionError("closed reported twice");
    }
}
