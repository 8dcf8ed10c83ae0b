package org.rounds.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("peer")
class XvncServerTest {

    @Test
    void xsetrootPaintsTheExactColourIntoTheScreenshot() {
        Peers.require("xsetroot", "x11-xserver-utils");
        try (XvncServer server = XvncServer.start(320, 200)) {
            server.run("xsetroot", "-solid", "#1e90c8");
            Screenshot shot = server.screenshot();
            assertThat(shot.width()).isEqualTo(320);
            assertThat(shot.height()).isEqualTo(200);
            assertThat(shot.rgb(0, 0)).isEqualTo(0x1e90c8);
            assertThat(shot.rgb(319, 199)).isEqualTo(0x1e90c8);

            server.run("xsetroot", "-solid", "#ff0000");
            assertThat(server.screenshot().rgb(160, 100)).isEqualTo(0xff0000);
        }
    }

    @Test
    void noneSecurityServerGreetsAndOffersSecurityTypeNone() throws IOException {
        try (XvncServer server = XvncServer.start(64, 48);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            assertThat(server.password()).isNull();
            assertThat(server.display()).matches(":\\d+");
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] version = in.readNBytes(12);
            assertThat(new String(version, StandardCharsets.US_ASCII)).startsWith("RFB 003.");
            s.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            int count = in.readUnsignedByte();
            byte[] types = in.readNBytes(count);
            assertThat(types).containsExactly(1);
        }
    }

    @Test
    void passwordServerOffersVncAuthentication() throws IOException {
        try (XvncServer server = XvncServer.startWithPassword(64, 48, "s3cret");
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            assertThat(server.password()).isEqualTo("s3cret");
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readNBytes(12);
            s.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            byte[] types = in.readNBytes(in.readUnsignedByte());
            assertThat(types).containsExactly(2);
        }
    }

    @Test
    void closingStopsTheServerAndItsClients() throws Exception {
        XvncServer server = XvncServer.start(64, 48);
        Process sleeper = server.exec("sleep", "60");
        int port = server.port();
        server.close();
        assertThat(sleeper.isAlive()).isFalse();
        assertThat(Peers.acceptsTcp(port)).isFalse();
        assertThat(Peers.xSocket(Integer.parseInt(server.display().substring(1)))).doesNotExist();
    }

    @Test
    @ExtendWith(RealPeers.class)
    void extensionInjectsAServerOfTheRequestedSize(@Geometry(width = 100, height = 60) XvncServer server) {
        Screenshot shot = server.screenshot();
        assertThat(shot.width()).isEqualTo(100);
        assertThat(shot.height()).isEqualTo(60);
    }
}
