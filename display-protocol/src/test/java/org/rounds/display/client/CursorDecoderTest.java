package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;

@Tag("unit")
class CursorDecoderTest {
    private static final int R = 0xFFFF0000, G = 0xFF00FF00, B = 0xFF0000FF;
    private final List<Cursor> cursors = new ArrayList<>();
    private final RfbListener listener = new RfbListener() {
        @Override
        public void cursor(Cursor c) { cursors.add(c); }
    };
    private final Framebuffer fb = new Framebuffer(4, 4);

    private Cursor decode(int encoding, int hotX, int hotY, int w, int h, byte[] data) throws Exception {
        Harness.decode(Decoders.create(encoding, listener).orElseThrow(), fb, encoding, hotX, hotY, w, h, data);
        assertThat(fb.isBlank()).as("a cursor never paints the framebuffer").isTrue();
        return cursors.get(cursors.size() - 1);
    }

    @Test
    void richCursorPixelsShownWhereTheMaskIsSet() throws Exception {
        // 3x2, mask rows 101 / 010 (padded to a byte)
        Cursor c = decode(Encodings.CURSOR, 1, 1, 3, 2, Bytes.of().pixel(0xFF0000).pixel(0x00FF00).pixel(0x0000FF)
                .pixel(0x0000FF).pixel(0x00FF00).pixel(0xFF0000).u8(0b1010_0000, 0b0100_0000).toArray());
        assertThat(c.width()).isEqualTo(3);
        assertThat(c.height()).isEqualTo(2);
        assertThat(c.hotspotX()).isEqualTo(1);
        assertThat(c.hotspotY()).isEqualTo(1);
        assertThat(c.argb()).containsExactly(R, 0, B, 0, G, 0);
    }

    @Test
    void xCursorPaintsForegroundAndBackgroundUnderTheMask() throws Exception {
        // 2x2: fg red, bg blue; bitmap 10 / 01; mask 11 / 10
        Cursor c = decode(Encodings.X_CURSOR, 0, 1, 2, 2, Bytes.of().u8(255, 0, 0).u8(0, 0, 255)
                .u8(0b1000_0000, 0b0100_0000).u8(0b1100_0000, 0b1000_0000).toArray());
        assertThat(c.argb()).containsExactly(R, B, B, 0);
        assertThat(c.hotspotY()).isEqualTo(1);
    }

    @Test
    void emptyXCursorHidesThePointerAndHasNoData() throws Exception {
        Cursor c = decode(Encodings.X_CURSOR, 0, 0, 0, 0, new byte[0]);
        assertThat(c.width()).isZero();
        assertThat(c.argb()).isEmpty();
    }

    @Test
    void cursorWithAlphaIsUnpremultipliedRgba() throws Exception {
        // opaque red, half-transparent white (premultiplied 128,128,128,128), fully transparent
        Cursor c = decode(Encodings.CURSOR_WITH_ALPHA, 0, 0, 3, 1, Bytes.of().u32(0)
                .u8(255, 0, 0, 255).u8(128, 128, 128, 128).u8(0, 0, 0, 0).toArray());
        assertThat(c.argb()).containsExactly(R, 0x80FFFFFF, 0);
    }

    @Test
    void cursorWithAlphaInAnotherEncodingIsRefused() {
        assertThatThrownBy(() -> decode(Encodings.CURSOR_WITH_ALPHA, 0, 0, 1, 1, Bytes.of().u32(16).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("cursor pixels in zrle");
    }

    @Test
    void hugeCursorIsRefusedBeforeReading() {
        assertThatThrownBy(() -> decode(Encodings.CURSOR, 0, 0, 5000, 5000, new byte[0]))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("cursor larger than 1024x1024");
    }

    @Test
    void hotspotOutsideTheShapeIsClampedIntoIt() throws Exception {
        Cursor c = decode(Encodings.CURSOR, 9, 9, 1, 1, Bytes.of().pixel(0).u8(0x80).toArray());
        assertThat(c.hotspotX()).isZero();
        assertThat(c.hotspotY()).isZero();
    }
}
