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
class DesktopSizeDecoderTest {
    private final PixelFormat pf = PixelFormat.ARGB32_LE;

    @Test
    void resizesFramebuffer() throws Exception {
        Framebuffer fb = new Framebuffer(4, 4);
        fb.pixels()[0] = 42;
        Rect r = new Rect(0, 0, 10, 6, Encodings.DESKTOP_SIZE, 0);
        DesktopSizeDecoder d = new DesktopSizeDecoder();
        d.decodeRect(r, d.readRect(r, Bytes.of().input(), pf), pf, fb);
        assertThat(fb.width()).isEqualTo(10);
        assertThat(fb.height()).isEqualTo(6);
        assertThat(fb.pixels()).hasSize(60);
        assertThat(fb.isBlank()).isTrue();
    }

    @Test
    void absurdSizeIsRefusedBeforeAllocating() {
        Rect r = new Rect(0, 0, 65535, 65535, Encodings.DESKTOP_SIZE, 5);
        assertThatThrownBy(() -> new DesktopSizeDecoder().readRect(r, Bytes.of().input(), pf))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("desktopsize").hasMessageContaining("byte offset 5");
    }
}
