package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

@Tag("unit")
class LastRectDecoderTest {
    @Test
    void readsNothingTouchesNothingAndEndsTheUpdate() throws Exception {
        Framebuffer fb = new Framebuffer(2, 2);
        LastRectDecoder d = new LastRectDecoder();
        var in = Bytes.of().u8(9).input();
        Rect r = new Rect(0, 0, 0, 0, Encodings.LAST_RECT, 0);
        d.decodeRect(r, d.readRect(r, in, PixelFormat.ARGB32_LE), PixelFormat.ARGB32_LE, fb);
        assertThat(in.offset()).isZero();
        assertThat(fb.isBlank()).isTrue();
        assertThat(d.endsUpdate()).isTrue();
    }
}
