package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rounds.display.RfbAuthException;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.display.server.PasswordBook;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.Await;

/** Our client against our server, in process, over loopback TCP. */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientServerTest {
    private final TestDesktop desktop = new TestDesktop(200, 130);
    private RfbServer server;

    private RfbServer start(ServerSecurity security) throws Exception {
        server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop).security(security).build();
        server.start();
        return server;
    }

    private RfbClient.Builder client() {
        return RfbClient.builder().host("127.0.0.1").port(server.port()).connectTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("rfb-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "hextile", "tight", "zrle"})
    void firstFrameIsPixelExactThenIncrementalChangesArrive(String encoding) throws Exception {
        start(ServerSecurity.none());
        RecordingListener l = new RecordingListener();
        try (RfbSession s = client().encodings(List.of(encoding)).build().connect(l)) {
            assertThat(s.desktopName()).isEqualTo("test desktop");
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            assertThat(s.framebuffer().width()).isEqualTo(200);
            assertThat(s.framebuffer().pixels()).isEqualTo(desktop.fb.pixels());

            l.updates.drainPermits();
            desktop.paint(70, 20, 90, 75, 0xFFCC3300);
            awaitEqual(s, l);
            // Besides the pseudo-encodings our server announces (QEMU keys, screen layout), only the encoding asked for.
            assertThat(s.decodedRectangles().keySet()).filteredOn(k -> !k.equals("qemu-extended-key") && !k.equals("extendeddesktopsize"))
                    .containsExactly(encoding);
        }
        assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void tightJpegKeepsThirtyDecibels() throws Exception {
        desktop.photo();
        start(ServerSecurity.none());
        RecordingListener l = new RecordingListener();
        try (RfbSession s = client().encodings(List.of("tight", "tight-quality-6")).build().connect(l)) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            int[] got;
            synchronized (s.framebuffer()) {
                got = s.framebuffer().copyPixels();
            }
            assertThat(org.rounds.display.server.Psnr.of(desktop.fb.pixels(), got)).isGreaterThanOrEqualTo(30.0);
            assertThat(got).isNotEqualTo(desktop.fb.pixels()); // lossy: it really was JPEG
        }
    }

    private void awaitEqual(RfbSession s, RecordingListener l) throws Exception {
        for (int i = 0; i < 50; i++) {
            int[] mine;
            synchronized (s.framebuffer()) {
                mine = s.framebuffer().copyPixels();
            }
            if (java.util.Arrays.equals(mine, desktop.fb.pixels())) return;
            l.updates.tryAcquire(200, TimeUnit.MILLISECONDS);
        }
        assertThat(s.framebuffer().copyPixels()).isEqualTo(desktop.fb.pixels());
    }

    @Test
    void serverResizeReachesClientThroughDesktopSize() throws Exception {
        start(ServerSecurity.none());
        RecordingListener l = new RecordingListener();
        try (RfbSession s = client().build().connect(l)) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            desktop.fb.resize(120, 90);
            desktop.paint(0, 0, 120, 90, 0xFF00AA00);
            awaitEqual(s, l);
            assertThat(s.framebuffer().width()).isEqualTo(120);
        }
    }

    @Test
    void keyAndPointerEventsReachTheDesktopInOrder() throws Exception {
        start(ServerSecurity.none());
        try (RfbSession s = client().build().connect(new RecordingListener())) {
            s.sendKey(0x61, true);
            s.sendKey(0x61, false);
            s.sendPointer(10, 20, 1);
            s.sendKey(0xff0d, true);
            s.sendClipboard("hello");
            s.sendKey(0xff0d, false);
            Await.until(Duration.ofSeconds(5), "six input events at the desktop", () -> desktop.events.size() >= 6);
        }
        assertThat(desktop.events).containsExactly(
                "key 61 down", "key 61 up", "pointer 10,20 1", "key ff0d down", "cut hello", "key ff0d up");
    }

    @Test
    void inputsSentTogetherReachTheDesktopInOrderAndAClipboardInsideIsRefused() throws Exception {
        start(ServerSecurity.none());
        try (RfbSession s = client().build().connect(new RecordingListener())) {
            s.sendTogether(() -> {
                s.sendKey(0x62, true);
                s.sendKey(0x62, false);
                s.sendPointer(3, 4, 0);
            });
            assertThatThrownBy(() -> s.sendTogether(() -> s.sendClipboard("no")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("sendClipboard is not for sendTogether");
            s.sendKey(0x63, true);
            Await.until(Duration.ofSeconds(5), "four input events at the desktop", () -> desktop.events.size() >= 4);
        }
        assertThat(desktop.events).containsExactly("key 62 down", "key 62 up", "pointer 3,4 0", "key 63 down");
    }

    @Test
    void oneTimePasswordAdmitsOnceThenIsRefusedWithTheServersReason() throws Exception {
        PasswordBook book = new PasswordBook();
        book.issue("s3cret!x");
        start(ServerSecurity.oneTimePasswords(book));
        try (RfbSession s = client().password("s3cret!x").build().connect(new RecordingListener())) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            assertThat(s.framebuffer().pixels()).isEqualTo(desktop.fb.pixels());
        }
        assertThat(book.liveCount()).isZero();
        assertThatThrownBy(() -> client().password("s3cret!x").build().connect(new RecordingListener()))
                .isInstanceOf(RfbAuthException.class)
                .hasMessageContaining("already used or revoked");
    }

    @Test
    void wrongPasswordIsRefusedAndDoesNotConsumeTheRightOne() throws Exception {
        PasswordBook book = new PasswordBook();
        book.issue("right");
        start(ServerSecurity.oneTimePasswords(book));
        assertThatThrownBy(() -> client().password("wrong").build().connect(new RecordingListener()))
                .isInstanceOf(RfbAuthException.class).hasMessageContaining("authentication failed");
        assertThat(book.liveCount()).isOne();
        book.revokeAll();
        assertThatThrownBy(() -> client().password("right").build().connect(new RecordingListener()))
                .isInstanceOf(RfbAuthException.class);
    }

    @Test
    void closeViewersEndsClientSessionsAndTheListenerHearsWhy() throws Exception {
        start(ServerSecurity.none());
        RecordingListener l1 = new RecordingListener(), l2 = new RecordingListener();
        RfbSession s1 = client().build().connect(l1), s2 = client().build().connect(l2);
        assertThat(s1.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
        assertThat(s2.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
        assertThat(server.viewerCount()).isEqualTo(2);
        server.closeViewers();
        assertThat(server.viewerCount()).isZero();
        Optional<Throwable> cause = l1.closed.get(5, TimeUnit.SECONDS);
        assertThat(cause).isPresent();
        assertThat(l2.closed.get(5, TimeUnit.SECONDS)).isPresent();
        assertThat(s1.isOpen()).isFalse();
        s1.close();
        s2.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown message", "colour-map pixel format"})
    void malformedClientMessageClosesOnlyThatViewer(String fault) throws Exception {
        byte[] message = fault.equals("unknown message")
                ? new byte[] {99, 0, 0, 0}
                : new byte[] {0, 0, 0, 0, 8, 8, 0, /* true colour */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        start(ServerSecurity.none());
        RecordingListener good = new RecordingListener();
        try (RfbSession s = client().build().connect(good);
             java.net.Socket bad = new java.net.Socket("127.0.0.1", server.port())) {
            var in = bad.getInputStream();
            var out = bad.getOutputStream();
            in.readNBytes(12);
            out.write("RFB 003.008\n".getBytes());
            in.readNBytes(2); // one type: None
            out.write(1);
            in.readNBytes(4); // SecurityResult
            out.write(1);     // ClientInit
            in.readNBytes(24 + "test desktop".length());
            out.write(message);
            out.flush();
            bad.setSoTimeout(5000);
            assertThat(in.read()).isEqualTo(-1); // the server hung up on it
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            desktop.paint(0, 0, 10, 10, 0xFF0000FF);
            awaitEqual(s, good);
            assertThat(s.isOpen()).isTrue();
        }
    }
}
