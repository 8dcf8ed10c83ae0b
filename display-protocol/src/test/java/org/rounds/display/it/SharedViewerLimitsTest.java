package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.internal.VncAuth;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.display.server.ViewerLimits;

/**
 * Limits per source, not per victim: servers sharing one {@link ViewerLimits} (a desktop host's
 * desktops) share its blocklist; and the handshake deadline also covers a TLS handshake
 * trickled inside VeNCrypt.
 */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedViewerLimitsTest {
    private static final String PASSWORD = "s3cret";

    private static RfbServer server(ServerSecurity security, ViewerLimits limits) throws IOException {
        RfbServer s = RfbServer.builder().port(0).source(new TestDesktop(32, 32)).security(security).limits(limits).build();
        s.start();
        return s;
    }

    @Test
    void fiveWrongPasswordsOnOneDesktopBlockTheSourceOnTheOthersToo() throws Exception {
        ViewerLimits host = ViewerLimits.defaults();
        try (RfbServer nurses = server(ServerSecurity.fixedPassword(PASSWORD), host);
             RfbServer doctors = server(ServerSecurity.fixedPassword("other-1"), host);
             RfbServer elsewhere = server(ServerSecurity.fixedPassword(PASSWORD), ViewerLimits.defaults())) {
            for (int i = 0; i < 5; i++) wrongPassword(nurses.port());

            try (RawViewer v = new RawViewer("127.0.0.1", doctors.port()).version()) {
                assertThat(v.in.readUnsignedByte()).as("no security types: refused before any challenge").isEqualTo(0);
                assertThat(v.reason()).contains("too many authentication failures");
            }
            try (RawViewer v = new RawViewer("127.0.0.2", doctors.port()).version()) {
                assertThat(new int[] {v.in.readUnsignedByte(), v.in.readUnsignedByte()}).as("another source still gets VNC auth")
                        .containsExactly(1, 2);
            }
            try (RawViewer v = new RawViewer("127.0.0.1", elsewhere.port()).version()) {
                assertThat(new int[] {v.in.readUnsignedByte(), v.in.readUnsignedByte()}).as("a server with its own limits")
                        .containsExactly(1, 2);
            }
        }
    }

    /** After VeNCrypt's sub-type, a real TLS ClientHello sent a byte every 100 ms is cut by the 500 ms deadline. */
    @Test
    void aTlsHandshakeTrickledInsideVeNCryptIsCutAtTheDeadline() throws Exception {
        ViewerLimits limits = ViewerLimits.builder().handshakeTimeout(Duration.ofMillis(500)).build();
        byte[] hello = clientHello();
        try (RfbServer s = server(ServerSecurity.veNCrypt(null, ServerSecurity.fixedPassword(PASSWORD)), limits);
             RawViewer v = new RawViewer("127.0.0.1", s.port()).version()) {
            long t0 = System.nanoTime();
            assertThat(new int[] {v.in.readUnsignedByte(), v.in.readUnsignedByte()}).as("one type: VeNCrypt").containsExactly(1, 19);
            v.out.write(19);
            assertThat(new int[] {v.in.readUnsignedByte(), v.in.readUnsignedByte()}).as("VeNCrypt 0.2").containsExactly(0, 2);
            v.out.write(new byte[] {0, 2});
            v.out.flush();
            assertThat(v.in.readUnsignedByte()).as("version accepted").isZero();
            assertThat(v.in.readUnsignedByte()).as("one sub-type").isEqualTo(1);
            int subtype = v.in.readInt();
            v.out.writeInt(subtype);
            v.out.flush();
            assertThat(v.in.readUnsignedByte()).as("sub-type accepted: TLS begins").isEqualTo(1);

            boolean cut = v.trickleUntilCut(hello, 100);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(cut).as("cut before the " + hello.length + "-byte ClientHello was complete").isTrue();
            // sent whole, the hello takes over 10 s at this pace; a deadline per read would never cut it
            assertThat(ms).isBetween(400L, 5000L);
        }
    }

    private static byte[] clientHello() throws Exception {
        SSLEngine client = SSLContext.getDefault().createSSLEngine("127.0.0.1", 0);
        client.setUseClientMode(true);
        client.beginHandshake();
        ByteBuffer net = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), net);
        net.flip();
        byte[] hello = new byte[net.remaining()];
        net.get(hello);
        assertThat(hello.length).as("a ClientHello of over 100 bytes: over 10 s at one byte per 100 ms").isGreaterThan(100);
        return hello;
    }

    private static void wrongPassword(int port) throws IOException {
        try (RawViewer v = new RawViewer("127.0.0.1", port).version()) {
            assertThat(new int[] {v.in.readUnsignedByte(), v.in.readUnsignedByte()}).containsExactly(1, 2);
            v.out.write(2);
            v.out.write(VncAuth.response(v.in.readNBytes(VncAuth.CHALLENGE_LENGTH), "guess"));
            v.out.flush();
            assertThat(v.in.readInt()).as("SecurityResult failed").isEqualTo(1);
        }
    }
}
