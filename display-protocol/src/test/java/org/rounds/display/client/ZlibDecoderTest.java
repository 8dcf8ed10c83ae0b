package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rounds.display.client.Harness.rgb;

import java.util.zip.Deflater;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;

@Tag("unit")
class ZlibDecoderTest {
    private static final int R = 0xFF0000, G = 0x00FF00, B = 0x0000FF, W = 0xFFFFFF;
    private final Framebuffer fb = new Framebuffer(4, 2);
    private final ZlibDecoder decoder = new ZlibDecoder();

    private void decode(int x, int y, int w, int h, byte[] data) throws Exception {
        Harness.decode(decoder, fb, Encodings.ZLIB, x, y, w, h, data);
    }

    @Test
    void inflatesToRawPixels() throws Exception {
        decode(1, 0, 2, 2, Bytes.of().pixel(R).pixel(G).pixel(B).pixel(W).zrle());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsExactly(0, R, G, 0, 0, B, W, 0);
    }

    @Test
    void oneStreamSpansTheConnection() throws Exception {
        Deflater stream = new Deflater();
        decode(0, 0, 1, 1, Bytes.of().pixel(R).zrle(stream));
        decode(3, 1, 1, 1, Bytes.of().pixel(G).zrle(stream)); // inflatable only with the first rectangle's state
        assertThat(rgb(fb, 0, 0, 4, 2)).containsExactly(R, 0, 0, 0, 0, 0, 0, G);
    }

    @Test
    void tooFewPixelsIsProtocolError() {
        byte[] data = Bytes.of().pixel(R).zrle();
        assertThatThrownBy(() -> decode(0, 0, 2, 1, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("zlib").hasMessageContaining("ends after 4 of the 8 bytes");
    }

    @Test
    void tooManyPixelsIsProtocolError() {
        byte[] data = Bytes.of().pixel(R).pixel(G).zrle();
        assertThatThrownBy(() -> decode(0, 0, 1, 1, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("inflates beyond the 4 bytes");
    }

    @Test
    void hugeLengthIsRefusedBeforeAllocating() {
        assertThatThrownBy(() -> decode(0, 0, 1, 1, Bytes.of().u32(0x7FFFFFFFL).toArray())).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("zlib length 2147483647").hasMessageContaining("byte offset 0");
    }

    @Test
    void corruptDataIsProtocolError() {
        byte[] data = Bytes.of().u32(4).u8(1, 2, 3, 4).toArray();
        assertThatThrownBy(() -> decode(0, 0, 1, 1, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("corrupt zlib data");
    }
}
