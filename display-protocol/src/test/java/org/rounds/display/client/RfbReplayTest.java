package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/**
 * Replaying recordings made by other clients: whatever encodings they hold, the extension
 * messages a server sends in answer, a cut at any byte, and a one-line refusal otherwise.
 */
@Tag("unit")
class RfbReplayTest {
    private final List<String> heard = new ArrayList<>();
    private final RfbListener listener = new RfbListener() {
        @Override public void pointerPosition(int x, int y) { heard.add("pointer " + x + "," + y); }

        @Override public void ledState(int leds) { heard.add("leds " + leds); }

        @Override public void cursor(Cursor c) { heard.add("cursor " + c.width() + "x" + c.height()); }

        @Override public void clipboard(String text) { heard.add("clipboard " + text); }

        @Override public void updateEnd() { heard.add("end"); }
    };

    /** RFB 3.8, None, a 4x2 screen in the client's usual pixel format. */
    private static Bytes handshake() throws Exception {
        ByteArrayOutputStream pf = new ByteArrayOutputStream();
        PixelFormat.ARGB32_LE.write(new DataOutputStream(pf));
        byte[] name = "ward".getBytes(StandardCharsets.US_ASCII);
        return Bytes.of().bytes("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)).u8(1, 1).u32(0)
                .u16(4).u16(2).bytes(pf.toByteArray()).u32(name.length).bytes(name);
    }

    private static Bytes rect(Bytes b, int x, int y, int w, int h, int encoding) { return b.u16(x).u16(y).u16(w).u16(h).u32(encoding & 0xFFFFFFFFL); }

    /** A full-screen Raw update of one colour. */
    private static byte[] rawUpdate(int rgb) {
        Bytes b = rect(Bytes.of().u8(0, 0).u16(1), 0, 0, 4, 2, Encodings.RAW);
        for (int i = 0; i < 8; i++) b.pixel(rgb);
        return b.toArray();
    }

    private RfbReplay.Result play(byte[] stream) throws Exception {
        return RfbReplay.play(new ByteArrayInputStream(stream), listener);
    }

    @Test
    void acceptsWhatTigerVncsViewerAskedForThoughRoundsWouldNot() throws Exception {
        Bytes update = Bytes.of().u8(0, 0).u16(4);
        rect(update, 2, 1, 0, 0, Encodings.VMWARE_CURSOR_POSITION);
        rect(update, 0, 0, 1, 1, Encodings.VMWARE_CURSOR).u8(1, 0).u8(1, 2, 3, 0xFF);
        rect(update, 0, 0, 0, 0, Encodings.VMWARE_LED_STATE).u32(4);
        rect(update, 0, 0, 4, 2, Encodings.RAW);
        for (int i = 0; i < 8; i++) update.pixel(0x00FF00);
        RfbReplay.Result r = play(handshake().bytes(update.toArray()).toArray());
        assertThat(heard).containsExactly("pointer 2,1", "cursor 1x1", "leds 4", "end");
        assertThat(r.framebuffer().pixels()).containsOnly(0xFF00FF00);
        assertThat(r.truncated()).isFalse();
        assertThat(r.bytesLeftOver()).isZero();
    }

    @Test
    void messagesAServerSendsInAnswerToTheExtensionsKeepTheStream() throws Exception {
        byte[] caps = Bytes.of().u32(0x1F000001L).u32(1024).toArray(); // extended clipboard caps: text, every action
        Bytes stream = handshake()
                .u8(248, 0, 0, 0).u32(0x80000003L).u8(2).u8(7, 8)             // ServerFence request with a 2-byte payload
                .u8(150)                                                       // EndOfContinuousUpdates
                .u8(3, 0, 0, 0).u32(-(long) caps.length & 0xFFFFFFFFL).bytes(caps) // ServerCutText, negative length: extended caps
                .u8(3, 0, 0, 0).u32(2).u8('o', 'k')                            // plain ServerCutText
                .u8(2)                                                         // Bell
                .u8(250, 0, 1, 1)                                              // xvp init (a noVNC recording's)
                .bytes(rawUpdate(0x0000FF));
        RfbReplay.Result r = play(stream.toArray());
        assertThat(heard).containsExactly("clipboard ok", "end");
        assertThat(r.framebuffer().pixels()).containsOnly(0xFF0000FF);
    }

    @Test
    void recordingCutInAnUpdatePlaysUpToTheLastWholeMessage() throws Exception {
        byte[] whole = handshake().bytes(rawUpdate(0xFF0000)).bytes(rawUpdate(0x0000FF)).toArray();
        int second = whole.length - rawUpdate(0).length;
        for (int cut = second + 1; cut < whole.length; cut++) {
            heard.clear();
            RfbReplay.Result r = play(Arrays.copyOf(whole, cut));
            assertThat(r.truncated()).as("cut at " + cut).isTrue();
            assertThat(r.bytesLeftOver()).as("cut at " + cut).isEqualTo(cut - second);
            assertThat(r.updates()).isEqualTo(1);
            assertThat(r.framebuffer().pixels()).as("cut at " + cut).containsOnly(0xFFFF0000);
        }
        RfbReplay.Result atBoundary = play(Arrays.copyOf(whole, second));
        assertThat(atBoundary.truncated()).isFalse();
        assertThat(atBoundary.updates()).isEqualTo(1);
    }

    @Test
    void wholeRectanglesOfTheCutUpdateArePainted() throws Exception {
        Bytes update = Bytes.of().u8(0, 0).u16(2);
        rect(update, 0, 0, 4, 1, Encodings.RAW);
        for (int i = 0; i < 4; i++) update.pixel(0x00FF00);
        rect(update, 0, 1, 4, 1, Encodings.RAW).pixel(0x00FF00); // 1 of its 4 pixels
        RfbReplay.Result r = play(handshake().bytes(update.toArray()).toArray());
        assertThat(r.truncated()).isTrue();
        assertThat(r.bytesLeftOver()).isEqualTo(update.toArray().length);
        assertThat(r.updates()).isZero();
        assertThat(Arrays.copyOf(r.framebuffer().pixels(), 4)).containsOnly(0xFF00FF00);
    }

    @Test
    void encodingRoundsCannotDecodeIsOneLineWithNameNumberAndOffset() throws Exception {
        Bytes head = handshake().bytes(rawUpdate(0xFF0000));
        int at = head.toArray().length + 4;
        byte[] unknown = rect(Bytes.of().u8(0, 0).u16(1), 0, 0, 4, 2, 42).toArray();
        assertThatThrownBy(() -> play(handshake().bytes(rawUpdate(0xFF0000)).bytes(unknown).toArray()))
                .isInstanceOf(RfbProtocolException.class)
                .hasMessage("FramebufferUpdate, byte offset " + at + ": rectangle 0,0 4x2 in unknown encoding 42 (0x0000002A), which Rounds cannot decode");
        byte[] corre = rect(Bytes.of().u8(0, 0).u16(1), 0, 0, 4, 2, 4).toArray();
        assertThatThrownBy(() -> play(handshake().bytes(corre).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("corre (4, 0x00000004), which Rounds cannot decode");
    }

    @Test
    void hostileLengthsAreOneLineNotATruncation() throws Exception {
        byte[] hugeCut = Bytes.of().u8(3, 0, 0, 0).u32(0x80000000L).toArray(); // extended clipboard of 2 GiB
        assertThatThrownBy(() -> play(handshake().bytes(hugeCut).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("extended clipboard length 2147483648 exceeds");
        byte[] hugeCursor = rect(Bytes.of().u8(0, 0).u16(1), 0, 0, 0xFFFF, 0xFFFF, Encodings.VMWARE_CURSOR).u8(1, 0).toArray();
        assertThatThrownBy(() -> play(handshake().bytes(hugeCursor).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("cursor larger than");
    }

    @Test
    void recordingCutInTheHandshakeIsAnError() throws Exception {
        byte[] h = handshake().toArray();
        assertThatThrownBy(() -> play(Arrays.copyOf(h, h.length - 2)))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("ServerInit").hasMessageContaining("ends mid-message");
    }
}
