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

/**
 * VMware's cursor, cursor position and LED state (what TigerVNC's viewer asks for, so what its
 * recordings hold), the hints of TigerVNC's list, and what the client now asks for.
 */
@Tag("unit")
class VMwarePseudoEncodingsTest {
    private final List<String> events = new ArrayList<>();
    private final List<Cursor> cursors = new ArrayList<>();
    private final RfbListener listener = new RfbListener() {
        @Override public void pointerPosition(int x, int y) { events.add("pointer " + x + "," + y); }

        @Override public void ledState(int leds) { events.add("leds " + leds); }

        @Override public void cursor(Cursor c) { cursors.add(c); }
    };
    private final Framebuffer fb = new Framebuffer(4, 4);

    private void decode(int encoding, int x, int y, int w, int h, byte[] data) throws Exception {
        Harness.decode(Decoders.create(encoding, listener).orElseThrow(), fb, encoding, x, y, w, h, data);
    }

    @Test
    void alphaCursorIsItsRgbaPixelsWithTheHotspot() throws Exception {
        // 2x1, hotspot 1,0: an opaque red pixel and a half-transparent blue one (not premultiplied, as Xvnc sends it).
        decode(Encodings.VMWARE_CURSOR, 1, 0, 2, 1, Bytes.of().u8(1, 0).u8(0xFF, 0, 0, 0xFF).u8(0, 0, 0xFF, 0x80).toArray());
        Cursor c = cursors.get(0);
        assertThat(c.argb()).containsExactly(0xFFFF0000, 0x800000FF);
        assertThat(c.hotspotX()).isEqualTo(1);
        assertThat(c.width()).isEqualTo(2);
    }

    @Test
    void classicCursorMasksGiveOpaqueTransparentAndBlackPixels() throws Exception {
        // 3x1 in PIXELs: AND 0 = the XOR colour; AND set, XOR 0 = transparent; AND = XOR (inverting) = black.
        byte[] and = Bytes.of().pixel(0).pixel(0xFFFFFF).pixel(0x00FF00).toArray();
        byte[] xor = Bytes.of().pixel(0x123456).pixel(0).pixel(0x00FF00).toArray();
        decode(Encodings.VMWARE_CURSOR, 0, 0, 3, 1, Bytes.of().u8(0, 0).bytes(and).bytes(xor).toArray());
        assertThat(cursors.get(0).argb()).containsExactly(0xFF123456, 0, 0xFF000000);
    }

    @Test
    void unknownCursorTypeIsOneLine() {
        assertThatThrownBy(() -> decode(Encodings.VMWARE_CURSOR, 0, 0, 1, 1, Bytes.of().u8(7, 0).u32(0).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("VMware cursor type 7").hasMessageNotContaining("\n");
    }

    @Test
    void hugeCursorIsRefusedBeforeReading() {
        assertThatThrownBy(() -> decode(Encodings.VMWARE_CURSOR, 0, 0, 5000, 5000, new byte[0]))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("vmware-cursor").hasMessageContaining("cursor larger than 1024x1024");
    }

    @Test
    void cursorPositionIsTheRectangleOrigin() throws Exception {
        decode(Encodings.VMWARE_CURSOR_POSITION, 300, 17, 0, 0, new byte[0]);
        assertThat(events).containsExactly("pointer 300,17");
    }

    @Test
    void ledStateIsAU32WithQemusBits() throws Exception {
        decode(Encodings.VMWARE_LED_STATE, 0, 0, 0, 0, Bytes.of().u32(0x0000_0005).toArray());
        decode(Encodings.VMWARE_LED_STATE, 0, 0, 0, 0, Bytes.of().u32(0xFFFF_FFFAL).toArray());
        assertThat(events).containsExactly("leds 5", "leds 2");
    }

    @Test
    void everyEncodingOfTigerVncsListHasAName() {
        assertThat(Encodings.byName("vmware-cursor").orElseThrow().number()).isEqualTo(0x574D5664);
        assertThat(Encodings.byName("vmware-cursor-position").orElseThrow().number()).isEqualTo(0x574D5666);
        assertThat(Encodings.byName("vmware-led-state").orElseThrow().number()).isEqualTo(0x574D5668);
        assertThat(Encodings.byName("fine-quality-100").orElseThrow().number()).isEqualTo(-412);
        assertThat(Encodings.byName("subsampling-gray").orElseThrow().number()).isEqualTo(-765);
        assertThat(Encodings.byName("subsampling-16x").orElseThrow().number()).isEqualTo(-763);
        for (int hint : new int[] {-512, -412, -768, -763, Encodings.FENCE, Encodings.CONTINUOUS_UPDATES, Encodings.EXTENDED_CLIPBOARD})
            assertThat(Encodings.isHint(hint)).as(Encodings.nameOf(hint)).isTrue();
        assertThat(Encodings.describe(0x574D5666)).isEqualTo("vmware-cursor-position (1464686182, 0x574D5666)");
        assertThat(Encodings.describe(42)).isEqualTo("unknown encoding 42 (0x0000002A)");
        RfbClient.builder().encodings(List.of("tight", "fine-quality-80", "subsampling-2x")).build();
    }

    @Test
    void clientListsVMwaresFormsBesideTheOnesAskedFor() {
        List<Integer> plain = RfbClient.builder().encodings(List.of("zrle")).build().encodings;
        assertThat(plain).contains(Encodings.QEMU_LED_STATE, Encodings.VMWARE_LED_STATE)
                .doesNotContain(Encodings.VMWARE_CURSOR, Encodings.VMWARE_CURSOR_POSITION);
        assertThat(plain.indexOf(Encodings.QEMU_LED_STATE)).as("QEMU's first").isLessThan(plain.indexOf(Encodings.VMWARE_LED_STATE));
        List<Integer> cursor = RfbClient.builder().encodings(List.of("zrle", "cursor", "pointerpos")).build().encodings;
        assertThat(cursor.subList(0, 4)).containsExactly(Encodings.ZRLE, Encodings.CURSOR, Encodings.POINTER_POS, Encodings.VMWARE_CURSOR_POSITION);
        assertThat(cursor).as("a caller forcing Cursor gets Cursor").doesNotContain(Encodings.VMWARE_CURSOR);
        List<Integer> named = RfbClient.builder().encodings(List.of("zrle", "vmware-cursor", "vmware-led-state")).build().encodings;
        assertThat(named.subList(0, 2)).containsExactly(Encodings.ZRLE, Encodings.VMWARE_CURSOR);
    }
}
