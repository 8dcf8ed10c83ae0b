package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rounds.display.client.RecordedHandshake;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbReplay;

/**
 * What {@code rounds bench decode --vs-tigervnc} serves a viewer: its own handshake, then the
 * recording from its ServerInit on. That stream must paint the very screen the recording does.
 */
@Tag("unit")
class RecordedHandshakeTest {

    @ParameterizedTest
    @ValueSource(strings = {"xvnc-tight-fullframe", "x11vnc-zrle-xterm"})
    void theRecordingFromItsServerInitOnPaintsTheSameScreen(String name) throws Exception {
        byte[] stream = Recordings.stream(name);
        RecordedHandshake hs = RecordedHandshake.of(stream);
        assertThat(hs.width()).isEqualTo(800);
        assertThat(hs.height()).isEqualTo(600);
        assertThat(hs.pixelFormat(stream)[0]).as("bits per pixel").isEqualTo((byte) 32);

        ByteArrayOutputStream served = new ByteArrayOutputStream();
        served.writeBytes("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        served.writeBytes(new byte[] {1, 1, 0, 0, 0, 0}); // security None, then SecurityResult OK
        served.write(stream, hs.serverInitOffset(), stream.length - hs.serverInitOffset());
        var original = RfbReplay.play(new ByteArrayInputStream(stream), new RfbListener() {});
        var replayed = RfbReplay.play(new ByteArrayInputStream(served.toByteArray()), new RfbListener() {});
        assertThat(replayed.framebuffer().pixels()).isEqualTo(original.framebuffer().pixels());
        assertThat(replayed.updates()).isEqualTo(original.updates()).isPositive();
    }
}
