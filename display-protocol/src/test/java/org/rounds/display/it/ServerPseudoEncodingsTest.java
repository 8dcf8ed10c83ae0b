package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.client.Cursor;
import org.rounds.display.client.DesktopSizeResult;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.display.server.CursorShape;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.Await;

/** Our server's pseudo-encodings, seen by our client: cursor shape, QEMU extended keys, ExtendedDesktopSize. */
@Tag("unit")
class ServerPseudoEncodingsTest {

    private static final class Listener implements RfbListener {
        final LinkedBlockingQueue<Cursor> cursors = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<DesktopSizeResult> sizes = new LinkedBlockingQueue<>();

        @Override public void cursor(Cursor c) { cursors.add(c); }

        @Override public void desktopSizeResult(DesktopSizeResult r) { sizes.add(r); }

        @Override public void closed(Optional<Throwable> cause) {}
    }

    @Test
    void cursorShapeScancodeKeysAndARefusedResize() throws Exception {
        TestDesktop desktop = new TestDesktop(160, 120);
        desktop.cursor = new CursorShape(3, 2, 1, 0, new int[] {0xFFFF0000, 0xFF00FF00, 0x00000000, 0xFF0000FF, 0x00000000, 0xFFFFFFFF});
        try (RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.none()).build()) {
            server.start();
            Listener l = new Listener();
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(server.port())
                    .encodings(List.of("zrle", "cursor")).build().connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();

                Cursor c = l.cursors.poll(5, TimeUnit.SECONDS);
                assertThat(c).as("cursor shape").isNotNull();
                assertThat(c.width()).isEqualTo(3);
                assertThat(c.hotspotX()).isEqualTo(1);
                assertThat(c.argb()).containsExactly(0xFFFF0000, 0xFF00FF00, 0, 0xFF0000FF, 0, 0xFFFFFFFF);

                Await.until(Duration.ofSeconds(5), "F1 to reach the desktop", () -> {
                    if (!desktop.events.isEmpty()) return true;
                    s.sendKey(0xffbe, true); // F1: a scancode key, sent as a QEMU event once the server announced them
                    s.sendKey(0xffbe, false);
                    return false;
                });
                assertThat(desktop.events).startsWith("key ffbe down", "key ffbe up");
                // The server announced both (so F1 went as a QEMU key event, message 255, and still arrived).
                assertThat(s.decodedRectangles()).containsKeys("qemu-extended-key", "extendeddesktopsize", "cursor");

                assertThat(s.requestDesktopSize(320, 240)).isTrue();
                DesktopSizeResult r = l.sizes.poll(5, TimeUnit.SECONDS);
                assertThat(r).as("answer to SetDesktopSize").isNotNull();
                assertThat(r.code()).isEqualTo(1);
                assertThat(r.width()).isEqualTo(160);
                assertThat(s.isOpen()).isTrue();
            }
        }
    }

    @Test
    void continuousUpdatesPushEveryChangeWithoutRequests() throws Exception {
        TestDesktop desktop = new TestDesktop(160, 120);
        try (RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.none()).build()) {
            server.start();
            RecordingListener l = new RecordingListener();
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(server.port()).encodings(List.of("zrle")).build().connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
                Await.until(Duration.ofSeconds(5), "the server to announce Fence and ContinuousUpdates and the client to enable them",
                        s::continuousUpdates);
                for (int i = 0; i < 5; i++) { // each change arrives although the client no longer requests updates
                    int colour = 0xFF000000 | (0x203040 * (i + 1));
                    desktop.paint(10 + 20 * i, 10, 15, 15, colour);
                    int at = 15 * 160 + 12 + 20 * i;
                    Await.until(Duration.ofSeconds(5), "change " + i + " to reach the client", () -> s.framebuffer().pixels()[at] == colour);
                }
                assertThat(s.isOpen()).isTrue();
            }
        }
    }

    @Test
    void unicodeClipboardBothWaysThroughTheExtendedClipboard() throws Exception {
        TestDesktop desktop = new TestDesktop(160, 120);
        try (RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.none()).build()) {
            server.start();
            LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(server.port()).encodings(List.of("zrle")).build()
                    .connect(new RfbListener() {
                        @Override public void clipboard(String text) { heard.add(text); }
                    })) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
                String text = "Grüße, Zoë ✓\nline 2";
                // Offered again until it arrives whole: before the server's clipboard caps reach the
                // client it goes as Latin-1 cut text ("✓" as "?"), after them through the Extended Clipboard.
                Await.until(Duration.ofSeconds(5), "the desktop to receive the text through the Extended Clipboard", () -> {
                    if (desktop.events.contains("cut " + text)) return true;
                    s.sendClipboard(text);
                    return false;
                });

                server.offerClipboard("Ward 7 ✓ — reçu");
                assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("Ward 7 ✓ — reçu");
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aScrollGoesAsCopyRectWhenTheViewerTakesIt(boolean copyRect) throws Exception {
        TestDesktop desktop = new TestDesktop(160, 120);
        try (RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.none()).build()) {
            server.start();
            RecordingListener l = new RecordingListener();
            List<String> encodings = copyRect ? List.of("zrle", "copyrect") : List.of("zrle");
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(server.port()).encodings(encodings).build().connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
                Screens.awaitSame(desktop.fb, s, l);
                for (int i = 0; i < 3; i++) {
                    desktop.fb.copy(0, 30, 160, 90, 0, -30); // scroll up 30 rows, then paint the exposed strip
                    desktop.paint(0, 90, 160, 30, 0xFF000000 | (0x405060 * (i + 1)));
                    Screens.awaitSame(desktop.fb, s, l);
                }
                assertThat(s.decodedRectangles().containsKey("copyrect")).as("CopyRect used").isEqualTo(copyRect);
            }
        }
    }
}
