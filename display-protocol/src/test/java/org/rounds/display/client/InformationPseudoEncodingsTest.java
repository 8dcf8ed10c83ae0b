package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;

/** PointerPos, DesktopName and ExtendedDesktopSize: what reaches the listener and the framebuffer. */
@Tag("unit")
class InformationPseudoEncodingsTest {
    private final List<String> events = new ArrayList<>();
    private final RfbListener listener = new RfbListener() {
        @Override
        public void pointerPosition(int x, int y) { events.add("pointer " + x + "," + y); }

        @Override
        public void desktopName(String name) { events.add("name " + name); }
    };
    private final Framebuffer fb = new Framebuffer(4, 4);

    private void decode(int encoding, int x, int y, int w, int h, byte[] data) throws Exception {
        Harness.decode(Decoders.create(encoding, listener).orElseThrow(), fb, encoding, x, y, w, h, data);
    }

    @Test
    void pointerPositionIsTheRectangleOrigin() throws Exception {
        decode(Encodings.POINTER_POS, 120, 45, 0, 0, new byte[0]);
        assertThat(events).containsExactly("pointer 120,45");
    }

    @Test
    void desktopNameIsUtf8() throws Exception {
        byte[] name = "Station 3 – Pädiatrie".getBytes(StandardCharsets.UTF_8);
        decode(Encodings.DESKTOP_NAME, 0, 0, 0, 0, Bytes.of().u32(name.length).bytes(name).toArray());
        assertThat(events).containsExactly("name Station 3 – Pädiatrie");
    }

    @Test
    void overlongDesktopNameIsRefused() {
        assertThatThrownBy(() -> decode(Encodings.DESKTOP_NAME, 0, 0, 0, 0, Bytes.of().u32(1_000_000).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("desktop name length 1000000");
    }

    @Test
    void extendedDesktopSizeResizesAndSkipsTheScreenLayout() throws Exception {
        fb.pixels()[0] = 0xFF123456;
        decode(Encodings.EXTENDED_DESKTOP_SIZE, 0, 0, 8, 2, Bytes.of().u8(1, 0, 0, 0)
                .u32(7).u16(0).u16(0).u16(8).u16(2).u32(0).toArray());
        assertThat(fb.width()).isEqualTo(8);
        assertThat(fb.height()).isEqualTo(2);
    }

    @Test
    void extendedDesktopSizeOfTheSameSizeKeepsThePixels() throws Exception {
        fb.pixels()[0] = 0xFF123456;
        decode(Encodings.EXTENDED_DESKTOP_SIZE, 0, 0, 4, 4, Bytes.of().u8(0, 0, 0, 0).toArray());
        assertThat(fb.pixels()[0]).isEqualTo(0xFF123456);
    }

    @Test
    void refusedSizeChangeLeavesTheFramebufferAlone() throws Exception {
        decode(Encodings.EXTENDED_DESKTOP_SIZE, 1, 3, 0, 0, Bytes.of().u8(0, 0, 0, 0).toArray()); // status 3: invalid layout
        assertThat(fb.width()).isEqualTo(4);
    }

    @Test
    void absurdExtendedDesktopSizeIsRefused() {
        assertThatThrownBy(() -> decode(Encodings.EXTENDED_DESKTOP_SIZE, 0, 0, 60000, 10, Bytes.of().u8(0, 0, 0, 0).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("extendeddesktopsize").hasMessageContaining("outside 1..16384");
    }

    @Test
    void tightLevelsAreNamesTheClientCanList() {
        assertThat(Encodings.byName("tight-compress-6").orElseThrow().number()).isEqualTo(-250);
        assertThat(Encodings.byName("tight-quality-8").orElseThrow().number()).isEqualTo(-24);
        assertThat(Encodings.byName("tight-quality-10")).isEmpty();
        RfbClient.builder().encodings(List.of("tight", "tight-compress-6", "tight-quality-8", "cursor", "desktopname")).build();
    }
}
