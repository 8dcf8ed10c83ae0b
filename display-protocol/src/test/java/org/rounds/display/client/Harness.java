package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/** Reads one rectangle with a decoder (checking it consumed exactly the given bytes), then decodes it. */
final class Harness {
    private Harness() {}

    static void decode(Decoder d, Framebuffer fb, int encoding, int x, int y, int w, int h, byte[] data) throws Exception {
        decode(d, fb, PixelFormat.ARGB32_LE, encoding, x, y, w, h, data);
    }

    static void decode(Decoder d, Framebuffer fb, PixelFormat pf, int encoding, int x, int y, int w, int h, byte[] data) throws Exception {
        Rect r = new Rect(x, y, w, h, encoding, 0);
        RfbInput in = Bytes.of().bytes(data).input();
        byte[] payload = d.readRect(r, in, pf);
        assertThat(in.offset()).as("bytes the decoder read").isEqualTo(data.length);
        d.decodeRect(r, payload, pf, fb);
    }

    static int px(Framebuffer fb, int x, int y) { return fb.pixels()[y * fb.width() + x]; }

    /** The pixels of a rectangle, row by row, as RGB (alpha dropped) for compact expectations. */
    static int[] rgb(Framebuffer fb, int x, int y, int w, int h) {
        int[] out = new int[w * h];
        for (int j = 0; j < h; j++)
            for (int i = 0; i < w; i++) out[j * w + i] = px(fb, x + i, y + j) & 0xFFFFFF;
        return out;
    }
}
