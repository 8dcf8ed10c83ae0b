package org.rounds.display.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.testpeers.Await;

@Tag("unit")
class DamageTrackerTest {
    @Test
    void coalescesRepeatedDamageIntoTileRowsUntilRequested() throws Exception {
        DamageTracker t = new DamageTracker(200, 100);
        t.request(false, 0, 0, 200, 100);
        assertThat(t.awaitReady()).isTrue();
        var first = t.take().orElseThrow();
        assertThat(first.rects()).extracting(r -> r[0] + "," + r[1] + " " + r[2] + "x" + r[3])
                .containsExactly("0,0 200x64", "0,64 200x36");

        for (int i = 0; i < 1000; i++) t.damaged(70, 10, 5, 5); // a slow viewer: many changes, no request
        t.damaged(130, 70, 1, 1);
        t.request(true, 0, 0, 200, 100);
        assertThat(t.awaitReady()).isTrue();
        var next = t.take().orElseThrow();
        assertThat(next.rects()).extracting(r -> r[0] + "," + r[1] + " " + r[2] + "x" + r[3])
                .containsExactly("64,0 64x64", "128,64 64x36");
        assertThat(next.resized()).isFalse();
    }

    @Test
    void closeWakesAWaitingWriter() throws Exception {
        DamageTracker t = new DamageTracker(10, 10);
        FutureTask<Boolean> ready = new FutureTask<>(t::awaitReady);
        Thread writer = new Thread(ready, "writer");
        writer.setDaemon(true);
        writer.start();
        Await.until(Duration.ofSeconds(5), "the writer to wait in awaitReady", () -> writer.getState() == Thread.State.WAITING);
        t.close();
        assertThat(ready.get(5, TimeUnit.SECONDS)).as("closed").isFalse();
        assertThat(t.take()).isEmpty();
    }

    /**
     * A scroll is heard while the framebuffer is still locked, so a writer that takes its work
     * and reads pixels under that lock never reads moved pixels without the copy that moved
     * them (it sent the copy again with the next update, and the viewer's ward list scrolled twice).
     */
    @Test
    void aCopyIsHeardUnderTheFramebuffersLock() {
        org.rounds.display.Framebuffer fb = new org.rounds.display.Framebuffer(200, 100);
        java.util.List<Boolean> locked = new java.util.ArrayList<>();
        fb.addDamageListener(new org.rounds.display.Framebuffer.DamageListener() {
            @Override public void damaged(int x, int y, int w, int h) {}

            @Override public void copied(int x, int y, int w, int h, int dx, int dy) { locked.add(Thread.holdsLock(fb)); }
        });
        fb.copy(0, 10, 100, 50, 0, -10);
        assertThat(locked).containsExactly(true);
    }
}
