package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.RfbProtocolException;

/**
 * A fake server in the test sends malformed streams: the client must fail with one clear
 * RfbProtocolException (message, encoding, byte offset), never allocate absurd sizes, never hang.
 */
@Tag("unit")
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HostileServerTest {
    private static final String NAME = "evil";
    /** Bytes the fake server sends before its first message: version 12, types 2, result 4, ServerInit 24 + name. */
    private static final int AFTER_INIT = 12 + 2 + 4 + 24 + NAME.length();

    private ServerSocket listen;
    private Thread serverThread;

    /** Starts a fake 3.8 server (64x64, no auth) that sends {@code afterInit} and keeps the socket open. */
    private int fakeServer(byte[] serverInitTail, byte[] afterInit, boolean hangUp) throws Exception {
        listen = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serverThread = new Thread(() -> {
            try (Socket s = listen.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
                in.readNBytes(12);
                out.write(new byte[] {1, 1});
                in.readNBytes(1);
                out.write(new byte[4]);
                in.readNBytes(1);
                out.write(Bytes.of().u16(64).u16(64).u8(32, 24, 0, 1).u16(255).u16(255).u16(255).u8(16, 8, 0, 0, 0, 0).toArray());
                out.write(serverInitTail);
                out.write(afterInit);
                out.flush();
                if (hangUp) { // let the client finish its SetPixelFormat, SetEncodings and first request first
                    in.readNBytes(20);
                    byte[] enc = in.readNBytes(4);
                    in.readNBytes(4 * ((enc[2] & 0xFF) << 8 | enc[3] & 0xFF) + 10);
                } else in.transferTo(OutputStream.nullOutputStream()); // stall until the client gives up
            } catch (Exception ignored) {
                // the client hung up: fine
            }
        }, "fake-rfb-server");
        serverThread.setDaemon(true);
        serverThread.start();
        return listen.getLocalPort();
    }

    private static byte[] name() { return Bytes.of().u32(NAME.length()).bytes(NAME.getBytes(StandardCharsets.US_ASCII)).toArray(); }

    private Throwable sessionFailure(byte[] afterInit, boolean hangUp, List<String> encodings) throws Exception {
        int port = fakeServer(name(), afterInit, hangUp);
        CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
        RfbSession s = RfbClient.builder().port(port).encodings(encodings).readTimeout(Duration.ofSeconds(1))
                .build().connect(new RfbListener() {
                    @Override public void closed(Optional<Throwable> cause) { closed.complete(cause); }
                });
        Optional<Throwable> cause = closed.get(10, TimeUnit.SECONDS);
        s.close();
        assertThat(s.awaitFirstFrame(Duration.ofMillis(1))).isFalse();
        return cause.orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        listen.close();
        serverThread.join(5000);
    }

    @Test
    void pseudoEncodingsReachTheListenerInStreamOrderBeforeTheUpdateEnds() throws Exception {
        byte[] name = "Ward 7".getBytes(StandardCharsets.UTF_8);
        byte[] update = Bytes.of().u8(0, 0).u16(5)
                .u16(0).u16(0).u16(0).u16(0).u32(-307L & 0xFFFFFFFFL).u32(name.length).bytes(name)     // DesktopName
                .u16(0).u16(0).u16(1).u16(1).u32(-239L & 0xFFFFFFFFL).pixel(0xFF0000).u8(0x80)         // Cursor 1x1
                .u16(30).u16(40).u16(0).u16(0).u32(-232L & 0xFFFFFFFFL)                                 // PointerPos
                .u16(0).u16(0).u16(16).u16(16).u32(5).u8(2).pixel(0x00FF00)                             // Hextile, one bg tile
                .u16(0).u16(0).u16(2).u16(2).u32(6).bytes(Bytes.of().pixel(1).pixel(2).pixel(3).pixel(4).zrle()) // Zlib
                .toArray();
        int port = fakeServer(name(), update, false);
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try (RfbSession s = RfbClient.builder().port(port).encodings(List.of("hextile", "zlib", "desktopname", "cursor", "pointerpos"))
                .build().connect(new RfbListener() {
                    @Override public void desktopName(String n) { events.add("name " + n); }

                    @Override public void cursor(Cursor c) { events.add("cursor " + c.width() + "x" + c.height() + " " + Integer.toHexString(c.argb()[0])); }

                    @Override public void pointerPosition(int x, int y) { events.add("pointer " + x + "," + y); }

                    @Override public void updateEnd() { events.add("end"); ended.complete(null); }
                })) {
            ended.get(10, TimeUnit.SECONDS);
            assertThat(events).containsExactly("name Ward 7", "cursor 1x1 ffff0000", "pointer 30,40", "end");
            assertThat(s.framebuffer().pixels()[15 * 64 + 15]).isEqualTo(0xFF00FF00);
            assertThat(s.framebuffer().pixels()[64 + 1]).isEqualTo(0xFF000004);
            assertThat(s.decodedRectangles()).containsEntry("hextile", 1L).containsEntry("zlib", 1L).containsEntry("cursor", 1L);
        }
    }

    @Test
    void rectangleOutsideTheFramebuffer() throws Exception {
        byte[] update = Bytes.of().u8(0, 0).u16(1).u16(0).u16(0).u16(5000).u16(5000).u32(0).toArray();
        assertThat(sessionFailure(update, false, List.of("raw"))).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("FramebufferUpdate, encoding raw, byte offset " + (AFTER_INIT + 4))
                .hasMessageContaining("outside the 64x64 framebuffer");
    }

    @Test
    void encodingWeDidNotAskFor() throws Exception {
        byte[] update = Bytes.of().u8(0, 0).u16(1).u16(0).u16(0).u16(4).u16(4).u32(16).toArray();
        assertThat(sessionFailure(update, false, List.of("raw"))).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("encoding zrle").hasMessageContaining("was not asked for");
    }

    @Test
    void truncatedZrleThatStalls() throws Exception {
        byte[] update = Bytes.of().u8(0, 0).u16(1).u16(0).u16(0).u16(16).u16(16).u32(16).u32(1000).u8(1, 2, 3).toArray();
        assertThat(sessionFailure(update, false, List.of("zrle"))).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("FramebufferUpdate, encoding zrle, byte offset " + (AFTER_INIT + 4 + 12 + 4 + 3))
                .hasMessageContaining("stalled");
    }

    @Test
    void truncatedZrleThenHangUp() throws Exception {
        byte[] update = Bytes.of().u8(0, 0).u16(1).u16(0).u16(0).u16(16).u16(16).u32(16).u32(1000).u8(1, 2, 3).toArray();
        assertThat(sessionFailure(update, true, List.of("zrle"))).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("encoding zrle").hasMessageContaining("ends mid-message");
    }

    @Test
    void zrleLengthFarBeyondTheRectangleIsRefusedBeforeReading() throws Exception {
        byte[] update = Bytes.of().u8(0, 0).u16(1).u16(0).u16(0).u16(2).u16(2).u32(16).u32(0x7FFFFFF0L).toArray();
        assertThat(sessionFailure(update, false, List.of("zrle"))).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("byte offset " + (AFTER_INIT + 4 + 12)).hasMessageContaining("zlib length");
    }

    @Test
    void zrleWhoseTilesRunShort() throws Exception {
        byte[] zrle = Bytes.of().u8(0).cpixel(0xFF0000).zrle(); // raw tile of 16 pixels holding one
        byte[] update = Bytes.of().u8(0, 0).u16(1).u16(0).u16(0).u16(4).u16(4).u32(16).bytes(zrle).toArray();
        assertThat(sessionFailure(update, false, List.of("zrle"))).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("FramebufferUpdate, encoding zrle, byte offset " + (AFTER_INIT + 4))
                .hasMessageContaining("ends early");
    }

    @Test
    void bogusMessageType() throws Exception {
        assertThat(sessionFailure(new byte[] {77}, false, List.of("raw"))).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("server message, byte offset " + AFTER_INIT)
                .hasMessageContaining("unknown server message type 77");
    }

    @Test
    void hugeCutText() throws Exception {
        byte[] cut = Bytes.of().u8(3, 0, 0, 0).u32(0x7FFFFFFFL).toArray();
        assertThat(sessionFailure(cut, false, List.of("raw"))).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("ServerCutText").hasMessageContaining("cut text length 2147483647 exceeds");
    }

    @Test
    void hugeDesktopNameFailsTheConnect() throws Exception {
        int port = fakeServer(Bytes.of().u32(0xFFFFFFFFL).toArray(), new byte[0], false);
        assertThatThrownBy(() -> RfbClient.builder().port(port).build().connect(new RfbListener() {}))
                .isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("ServerInit, byte offset " + (AFTER_INIT - NAME.length() - 4))
                .hasMessageContaining("desktop name length 4294967295 exceeds");
    }

    @Test
    void bellCutTextAndALastRectTerminatedUpdateReachTheListenerInOrder() throws Exception {
        byte[] stream = Bytes.of().u8(2)
                .u8(3, 0, 0, 0).u32(5).u8('h', 'e', 'l', 'l', 'o')
                .u8(0, 0).u16(0xFFFF) // update of unknown length...
                .u16(1).u16(1).u16(1).u16(1).u32(0).pixel(0x00FF00)
                .u16(0).u16(0).u16(0).u16(0).u32(-224) // ...ended by LastRect
                .toArray();
        int port = fakeServer(name(), stream, false);
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch updated = new java.util.concurrent.CountDownLatch(1);
        try (RfbSession s = RfbClient.builder().port(port).encodings(List.of("raw")).build().connect(new RfbListener() {
            @Override public void bell() { heard.add("bell"); }
            @Override public void serverCutText(String t) { heard.add("cut " + t); }
            @Override public void updateEnd() {
                heard.add("update");
                updated.countDown();
            }
        })) {
            // One pixel is not a whole frame (awaitFirstFrame waits for the screen), so wait for the update itself.
            assertThat(updated.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the update's end reached the listener").isTrue();
            assertThat(s.awaitFirstFrame(Duration.ofMillis(200))).as("a 1x1 update is not the first frame").isFalse();
            assertThat(heard).containsExactly("bell", "cut hello", "update");
            assertThat(s.framebuffer().pixels()[65]).isEqualTo(0xFF00FF00);
            assertThat(s.desktopName()).isEqualTo(NAME);
        }
    }
}
