package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;

/**
 * The default deadline as shipped: a raw client sending its version one byte a second is cut at
 * 10 s. It must pass in full, so it is tagged {@code slow} and left out of {@code -Pquick}.
 */
@Tag("slow")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DefaultHandshakeDeadlineTest {

    @Test
    void aClientTricklingItsVersionIsCutAtTenSeconds() throws Exception {
        try (RfbServer s = RfbServer.builder().port(0).source(new TestDesktop(32, 32)).security(ServerSecurity.none()).build()) {
            s.start();
            try (RawViewer v = new RawViewer("127.0.0.1", s.port())) {
                long t0 = System.nanoTime();
                assertThat(new String(v.in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
                byte[] version = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
                boolean cut = v.trickleUntilCut(version, 1000);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(cut).as("cut before the 12-byte version was complete").isTrue();
                assertThat(ms).as("ms from connect to the cut").isBetween(9_500L, 11_500L);
            }
        }
    }
}
