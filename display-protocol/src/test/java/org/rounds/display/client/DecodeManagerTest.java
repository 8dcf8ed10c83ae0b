package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;
import org.rounds.testpeers.Await;

/** What waits for decoding (updates' ends, fence answers) stays in order and bounded while a rectangle decodes on a worker. */
@Tag("unit")
class DecodeManagerTest {

    /** A stateless decoder whose rectangles take until {@code release} opens. */
    private static Decoder held(CountDownLatch release) {
        return new Decoder() {
            @Override public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) { return new byte[1]; }

            @Override public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /**
     * A server sending empty updates or fences without end while a big rectangle decodes: the
     * reader stops at {@link DecodeManager#MAX_WAITING} of them until it is decoded, then every
     * one runs, in order.
     */
    @Test
    void whatWaitsForARectangleIsBoundedAndRunsInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        int total = DecodeManager.MAX_WAITING * 2;
        Throwable[] failed = {null};
        try (DecodeManager m = new DecodeManager(1, new DecodeStats())) {
            Thread reader = new Thread(() -> {
                try {
                    m.decode(held(release), new Rect(0, 0, 64, 64, Encodings.TIGHT, 0), new byte[1], PixelFormat.ARGB32_LE,
                            new Framebuffer(64, 64), false, false, true);
                    for (int i = 0; i < total; i++) {
                        int n = i;
                        m.whenDecoded(() -> ran.add(n));
                    }
                    m.finish();
                } catch (Throwable t) {
                    failed[0] = t;
                }
            }, "test-reader");
            reader.start();
            Await.until(Duration.ofSeconds(10), "the reader waiting with " + DecodeManager.MAX_WAITING + " ends queued",
                    () -> reader.getState() == Thread.State.WAITING && m.waiting() >= DecodeManager.MAX_WAITING);
            assertThat(m.waiting()).as("queued (the oldest taken out to wait for)").isEqualTo(DecodeManager.MAX_WAITING);
            assertThat(ran).as("run before the rectangle is decoded").isEmpty();
            release.countDown();
            reader.join(10_000);
            assertThat(failed[0]).isNull();
        }
        assertThat(ran).hasSize(total);
        for (int i = 0; i < total; i++) assertThat(ran.get(i)).isEqualTo(i);
    }
}
