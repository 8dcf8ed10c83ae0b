package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rounds.display.client.Bytes.argb;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

@Tag("unit")
class RawDecoderTest {
    private final PixelFormat pf = PixelFormat.ARGB32_LE;

    @Test
    void writesPixelsRowByRowAndReportsDamage() throws Exception {
        Framebuffer fb = new Framebuffer(4, 3);
        List<int[]> damage = new ArrayList<>();
        fb.addDamageListener((x, y, w, h) -> damage.add(new int[] {x, y, w, h}));
        Rect r = new Rect(1, 1, 2, 2, Encodings.RAW, 0);
        RawDecoder d = new RawDecoder();
        byte[] data = d.readRect(r, Bytes.of().pixel(0xFF0000).pixel(0x00FF00).pixel(0x0000FF).pixel(0x123456).input(), pf);
        d.decodeRect(r, data, pf, fb);

        int[] p = fb.pixels();
        assertThat(p[1 * 4 + 1]).isEqualTo(argb(0xFF0000));
        assertThat(p[1 * 4 + 2]).isEqualTo(argb(0x00FF00));
        assertThat(p[2 * 4 + 1]).isEqualTo(argb(0x0000FF));
        assertThat(p[2 * 4 + 2]).isEqualTo(argb(0x123456));
        assertThat(p[0]).isZero();
        assertThat(p[1 * 4 + 3]).isZero();
        assertThat(damage).containsExactly(new int[] {1, 1, 2, 2});
    }

    @Test
    void truncatedDataNamesEncodingAndOffset() {
        Rect r = new Rect(0, 0, 2, 2, Encodings.RAW, 0);
        var in = Bytes.of().pixel(1).pixel(2).input();
        in.context("FramebufferUpdate", "raw");
        assertThatThrownBy(() -> new RawDecoder().readRect(r, in, pf))
                .isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("FramebufferUpdate").hasMessageContaining("raw").hasMessageContaining("byte offset 8");
    }
}
