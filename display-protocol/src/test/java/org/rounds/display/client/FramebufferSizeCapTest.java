package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/**
 * A server cannot make us hold a framebuffer over 16384 per side or 64 Mi pixels, in ServerInit
 * or in a later DesktopSize: the refusal is one line naming the size. (100000x100000 cannot be
 * sent at all, a side being a u16: 65535x65535 is the largest a server can claim.)
 */
@Tag("unit")
class FramebufferSizeCapTest {
    private static ServerInit connect(int w, int h) throws Exception {
        Bytes server = Bytes.of().bytes("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)).u8(1, 1).u32(0)
                .u16(w).u16(h).u8(32, 24, 0, 1).u16(255).u16(255).u16(255).u8(16, 8, 0, 0, 0, 0).u32(2).u8('h', 'i');
        return new ClientHandshake(server.input(), new DataOutputStream(new ByteArrayOutputStream())).run(Optional.empty(), true);
    }

    @ParameterizedTest
    @CsvSource({"65535,65535,outside 1..16384 per side", "16384,16384,exceeds the limit of 67108864 pixels", "16384,4097,exceeds the limit"})
    void serverInitOverTheCapIsOneLineNamingTheSize(int w, int h, String why) {
        assertThatThrownBy(() -> connect(w, h)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("framebuffer size " + w + "x" + h).hasMessageContaining(why)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theLargestAllowedSizeIsTaken() throws Exception {
        assertThat(connect(16384, 4096).width()).isEqualTo(16384);
    }

    @Test
    void desktopSizeOverThePixelBudgetIsRefusedBeforeResizing() {
        Rect r = new Rect(0, 0, 16384, 16384, Encodings.DESKTOP_SIZE, 5);
        assertThatThrownBy(() -> new DesktopSizeDecoder().readRect(r, Bytes.of().input(), PixelFormat.ARGB32_LE))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("framebuffer size 16384x16384 exceeds");
    }
}
