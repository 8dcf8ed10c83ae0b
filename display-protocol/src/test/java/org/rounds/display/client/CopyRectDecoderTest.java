package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

@Tag("unit")
class CopyRectDecoderTest {
    private final PixelFormat pf = PixelFormat.ARGB32_LE;

    private static Framebuffer numbered(int w, int h) {
        Framebuffer fb = new Framebuffer(w, h);
        for (int i = 0; i < w * h; i++) fb.pixels()[i] = i;
        return fb;
    }

    @Test
    void copiesFromSourceRectangle() throws Exception {
        Framebuffer fb = numbered(4, 4);
        Rect r = new Rect(2, 2, 2, 2, Encodings.COPY_RECT, 0);
        CopyRectDecoder d = new CopyRectDecoder();
        d.decodeRect(r, d.readRect(r, Bytes.of().u16(0).u16(0).input(), pf), pf, fb);
        int[] p = fb.pixels();
        assertThat(new int[] {p[10], p[11], p[14], p[15]}).containsExactly(0, 1, 4, 5);
        assertThat(p[0]).isZero(); // source untouched
    }

    @Test
    void overlappingCopyDownwardsKeepsSourceRows() throws Exception {
        Framebuffer fb = numbered(1, 4); // column 0,1,2,3
        Rect r = new Rect(0, 1, 1, 3, Encodings.COPY_RECT, 0);
        CopyRectDecoder d = new CopyRectDecoder();
        d.decodeRect(r, d.readRect(r, Bytes.of().u16(0).u16(0).input(), pf), pf, fb);
        assertThat(fb.pixels()).containsExactly(0, 0, 1, 2);
    }

    @Test
    void sourceOutsideFramebufferIsProtocolError() throws Exception {
        Framebuffer fb = numbered(4, 4);
        Rect r = new Rect(0, 0, 2, 2, Encodings.COPY_RECT, 77);
        CopyRectDecoder d = new CopyRectDecoder();
        byte[] data = d.readRect(r, Bytes.of().u16(3).u16(0).input(), pf);
        assertThatThrownBy(() -> d.decodeRect(r, data, pf, fb)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("copyrect").hasMessageContaining("byte offset 77").hasMessageContaining("outside");
    }
}
