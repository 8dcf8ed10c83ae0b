package org.rounds.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("peer")
class PcscdTest {

    @Test
    void vpcdPortAcceptsAVirtualCardAndCloseStopsTheDaemon() throws IOException {
        Pcscd pcscd = Pcscd.start();
        try (Socket card = new Socket(InetAddress.getLoopbackAddress(), pcscd.vpcdPort(0))) {
            assertThat(card.isConnected()).isTrue();
            assertThat(pcscd.vpcdPort(0)).isEqualTo(35963);
        } finally {
            pcscd.close();
        }
        assertThat(Pcscd.listening(35963)).isFalse();
        assertThat(ProcessHandle.of(pcscd.pid())).isEmpty();
        // a second daemon can start once the first is gone
        try (Pcscd again = Pcscd.start()) {
            assertThat(Peers.acceptsUnix(Pcscd.SOCKET)).isTrue();
        }
    }
}
