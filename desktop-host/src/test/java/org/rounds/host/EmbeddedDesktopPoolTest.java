package org.rounds.host;

import org.junit.jupiter.api.Tag;
import org.rounds.broker.api.DesktopPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rounds.display.RfbAuthException;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.testpeers.Await;

/** Real RFB viewers against the embedded desktops: one-time passwords, hand-over, typing, pixels. */
@Tag("unit")
class EmbeddedDesktopPoolTest {
    private final EmbeddedDesktopPool pool = new EmbeddedDesktopPool();

    @AfterEach
    void close() {
        pool.close();
    }

    static final class Viewer implements RfbListener {
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicLong closedAt = new AtomicLong();

        @Override
        public void closed(Optional<Throwable> cause) {
            closedAt.set(System.nanoTime());
            closed.countDown();
        }
    }

    static RfbSession connect(DesktopAddress a, RfbListener l) throws IOException {
        return Viewers.to(a).build().connect(l);
    }

    @Test
    void handOverRevokesTheFirstPasswordAndClosesItsViewer() throws Exception {
        DesktopAddress first = pool.handOver("nurse", "Nurse Amina Diallo");
        Viewer v1 = new Viewer();
        RfbSession s1 = connect(first, v1);
        assertThat(s1.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
        assertThat(s1.desktopName()).contains("Nurse Amina Diallo");

        DesktopAddress second = pool.handOver("nurse", "Nurse Amina Diallo");
        long returnedAt = System.nanoTime();

        assertThat(second.port()).as("same desktop, same server").isEqualTo(first.port());
        assertThat(second.password()).isNotEqualTo(first.password());
        // The host closed the old viewer's connection before returning; the viewer hears it at once.
        assertThat(v1.closed.await(5, TimeUnit.SECONDS)).as("first viewer closed").isTrue();
        assertThat(s1.isOpen()).isFalse();
        assertThat(v1.closedAt.get() - returnedAt).as("ns after handOver returned").isLessThan(TimeUnit.SECONDS.toNanos(2));
        assertThatThrownBy(() -> connect(first, new Viewer())).isInstanceOf(RfbAuthException.class);

        try (RfbSession s2 = connect(second, new Viewer())) {
            assertThat(s2.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aPasswordAdmitsOneViewerOnly() throws Exception {
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        try (RfbSession s = connect(a, new Viewer())) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
            assertThatThrownBy(() -> connect(a, new Viewer())).isInstanceOf(RfbAuthException.class);
        }
    }

    @Test
    void disconnectClosesTheViewerAndRevokesItsPassword() throws Exception {
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        Viewer v = new Viewer();
        RfbSession s = connect(a, v);
        assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();

        pool.disconnect("nurse");

        assertThat(v.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.snapshot("nurse")).as("the desktop keeps running").isPresent();
    }

    @Test
    void typedKeysChangeTheDesktopAndTheViewerShowsExactlyIt() throws Exception {
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        try (RfbSession s = connect(a, new Viewer())) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
            int[] before = pool.snapshot("nurse").orElseThrow().pixels();
            awaitSame(s, "first frame");

            for (char c : "BP 120/80".toCharArray()) {
                s.sendKey(c, true);
                s.sendKey(c, false);
            }

            Await.until(Duration.ofSeconds(5), "the nine typed keys to reach the notes", () -> pool.desktop("nurse").orElseThrow().notes().length() >= 9);
            assertThat(pool.desktop("nurse").orElseThrow().notes()).isEqualTo("BP 120/80");
            DesktopPoolSnapshot now = DesktopPoolSnapshot.of(pool.snapshot("nurse").orElseThrow());
            assertThat(Arrays.equals(now.pixels(), before)).as("typing changed the pixels").isFalse();
            awaitSame(s, "after typing");
        }
    }

    @Test
    void aClickOnAWardRowSelectsThatPatientAndTheViewerSeesIt() throws Exception {
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        try (RfbSession s = connect(a, new Viewer())) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
            int[] before = pool.snapshot("nurse").orElseThrow().pixels();
            int bed3 = 44 + 60 - 18 + 2 * 66 + 20;   // inside the third row
            s.sendPointer(100, bed3, 0);            // moving over it selects nothing
            s.sendPointer(100, bed3, 1);            // left button down
            s.sendPointer(100, bed3, 0);
            Await.until(Duration.ofSeconds(5), "the click to select bed 3", () -> pool.desktop("nurse").orElseThrow().selectedBed() == 2);
            int[] after = pool.snapshot("nurse").orElseThrow().pixels();
            assertThat(after[bed3 * 1024 + 20]).as("row highlighted").isNotEqualTo(before[bed3 * 1024 + 20]);
            awaitSame(s, "after the click");

            s.sendPointer(700, 300, 1);             // a click in the notes changes no selection
            s.sendPointer(700, 300, 0);
            s.sendKey('.', true);                   // the desktop takes one viewer's input in order: once the
            s.sendKey('.', false);                  // key is in the notes, the click before it was handled
            Await.until(Duration.ofSeconds(5), "a key typed after the click to reach the notes", () -> pool.desktop("nurse").orElseThrow().notes().endsWith("."));
            assertThat(pool.desktop("nurse").orElseThrow().selectedBed()).isEqualTo(2);
        }
    }

    /** Waits (bounded) until the viewer's framebuffer equals the desktop, pixel for pixel; fails naming the first difference. */
    private void awaitSame(RfbSession s, String when) {
        String[] diff = {""};
        Await.until(Duration.ofSeconds(5), () -> when + ": the viewer to show the desktop (it differs: " + diff[0] + ")", () -> {
            DesktopPool.Snapshot truth = pool.snapshot("nurse").orElseThrow();
            int[] seen;
            synchronized (s.framebuffer()) {
                seen = s.framebuffer().copyPixels();
            }
            diff[0] = difference(truth, s.framebuffer().width(), s.framebuffer().height(), seen);
            return diff[0].isEmpty();
        });
    }

    private static String difference(DesktopPool.Snapshot truth, int w, int h, int[] seen) {
        if (w != truth.width() || h != truth.height()) return "size " + w + "x" + h + " vs " + truth.width() + "x" + truth.height();
        for (int i = 0; i < seen.length; i++) {
            if ((seen[i] & 0xffffff) != (truth.pixels()[i] & 0xffffff)) {
                return String.format("pixel (%d,%d) %06x vs %06x", i % w, i / w, seen[i] & 0xffffff, truth.pixels()[i] & 0xffffff);
            }
        }
        return "";
    }

    private record DesktopPoolSnapshot(int[] pixels) {
        static DesktopPoolSnapshot of(DesktopPool.Snapshot s) { return new DesktopPoolSnapshot(s.pixels()); }
    }

    @Test
    void logoffEndsTheDesktopAndTheHostPortServesTheOthers() throws Exception {
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        DesktopAddress b = pool.handOver("doctor", "Dr Jonas Berg");
        assertThat(b.port()).as("one port for every desktop of the host").isEqualTo(a.port());
        Viewer v = new Viewer();
        RfbSession s = connect(a, v);
        assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();

        pool.logoff("nurse");

        assertThat(v.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.snapshot("nurse")).isEmpty();
        assertThat(pool.users()).containsExactly("doctor");
        try (RfbSession d = connect(b, new Viewer())) {
            assertThat(d.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
            assertThat(d.desktopName()).contains("Dr Jonas Berg");
        }
    }
}
