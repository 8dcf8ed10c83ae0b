package org.rounds.testpeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class XwdReaderTest {

    /** A 2x1 ZPixmap dump with a big-endian header and the given pixel byte order. */
    private static byte[] dump(int bitsPerPixel, int byteOrder, int redMask, int greenMask, int blueMask,
                               byte[] pixels, int bytesPerLine) {
        String name = "root\0";
        int headerSize = 100 + name.length();
        ByteBuffer b = ByteBuffer.allocate(headerSize + pixels.length).order(ByteOrder.BIG_ENDIAN);
        int[] h = {headerSize, 7, 2, 24, 2, 1, 0, byteOrder, 32, byteOrder, 32, bitsPerPixel, bytesPerLine, 4,
                redMask, greenMask, blueMask, 8, 256, 0, 2, 1, 0, 0, 0};
        for (int v : h) {
            b.putInt(v);
        }
        b.put(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put(pixels);
        return b.array();
    }

    @Test
    void decodesLsbFirst32BitPixels() {
        byte[] px = {(byte) 0x33, 0x22, 0x11, 0, (byte) 0xCC, (byte) 0xBB, (byte) 0xAA, 0};
        Screenshot s = XwdReader.read(dump(32, 0, 0xFF0000, 0x00FF00, 0x0000FF, px, 8));
        assertThat(s.argb()).containsExactly(0xFF112233, 0xFFAABBCC);
    }

    @Test
    void decodesMsbFirst24BitPixelsWithSwappedMasks() {
        // blue in the high byte: value 0x112233 means blue 0x11, green 0x22, red 0x33
        byte[] px = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0, 0};
        Screenshot s = XwdReader.read(dump(24, 1, 0x0000FF, 0x00FF00, 0xFF0000, px, 8));
        assertThat(s.argb()).containsExactly(0xFF332211, 0xFF665544);
    }

    @Test
    void rejectsWhatIsNotADump() {
        assertThatThrownBy(() -> XwdReader.read(new byte[200]))
                .hasMessageContaining("not an X11 window dump");
    }
}
