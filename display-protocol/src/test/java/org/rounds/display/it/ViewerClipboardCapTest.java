package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.internal.ClipboardText;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.Await;

/**
 * A viewer's clipboard is capped at 256 KiB, as TigerVNC's: longer text, plain or Extended
 * Clipboard Provide, never reaches the desktop, and the connection goes on (the next text does).
 */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ViewerClipboardCapTest {
    private final TestDesktop desktop = new TestDesktop(64, 48);
    private RfbServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** A viewer through ServerInit with security None. */
    private RawViewer connected() throws Exception {
        server = RfbServer.builder().port(0).source(desktop).security(ServerSecurity.none()).build();
        server.start();
        RawViewer v = new RawViewer("127.0.0.1", server.port()).version();
        assertThat(new int[] {v.in.readUnsignedByte(), v.in.readUnsignedByte()}).containsExactly(1, 1);
        v.out.write(1);
        v.out.flush();
        assertThat(v.in.readInt()).isEqualTo(0);
        v.out.write(1); // ClientInit, shared
        v.out.flush();
        v.in.readNBytes(20);
        v.in.readNBytes(v.in.readInt()); // the desktop name
        return v;
    }

    private static void plainCut(RawViewer v, String text) throws Exception {
        v.out.write(new byte[] {6, 0, 0, 0});
        v.out.writeInt(text.length());
        v.out.write(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        v.out.flush();
    }

    private void awaitCut(String text) {
        Await.until(Duration.ofSeconds(10), "the desktop gets the small text", () -> desktop.events.contains("cut " + text));
    }

    @Test
    void plainTextOver256KiBIsDroppedAndTheConnectionGoesOn() throws Exception {
        try (RawViewer v = connected()) {
            plainCut(v, "a".repeat(300 * 1024));
            plainCut(v, "b".repeat(1024));
            awaitCut("b".repeat(1024));
            assertThat(desktop.events).noneMatch(e -> e.startsWith("cut a"));
        }
    }

    @Test
    void extendedClipboardProvideOver256KiBIsDroppedAndTheConnectionGoesOn() throws Exception {
        try (RawViewer v = connected()) {
            for (String text : new String[] {"a".repeat(300 * 1024), "b".repeat(1024)}) {
                byte[] data = ClipboardText.encode(text); // zlib: 300 KiB of 'a' is a few hundred bytes on the wire
                v.out.write(new byte[] {6, 0, 0, 0});
                v.out.writeInt(-(4 + data.length));
                v.out.writeInt(ClipboardText.PROVIDE | ClipboardText.TEXT);
                v.out.write(data);
                v.out.flush();
            }
            awaitCut("b".repeat(1024));
            assertThat(desktop.events).noneMatch(e -> e.startsWith("cut a"));
        }
    }
}
