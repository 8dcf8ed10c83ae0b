package org.rounds.display.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.client.DecoderAccess;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/** Encodes with the server's encoders and decodes with the client's decoders: pixels must survive exactly. */
class EncoderRoundTripTest {
    private static final PixelFormat PF = PixelFormat.ARGB32_LE;

    /** 150x70 (three tiles across, two down, ragged edges): a solid area, a few-colour area, and noise. */
    private static int[] picture(int w, int h, long seed) {
        Random rnd = new Random(seed);
        int[] p = new int[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int c;
                if (x < 64) c = 0x336699;
                else if (x < 128) c = ((x + y) % 3 == 0) ? 0xFFFFFF : ((x * y) % 5 == 0 ? 0x102030 : 0x000000);
                else c = rnd.nextInt(0x1000000);
                p[y * w + x] = 0xFF000000 | c;
            }
        return p;
    }

    private static byte[] encode(Encoder e, int[] argb, int w, int h, PixelFormat pf) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        e.encode(argb, w, h, pf, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    @Test
    void rawRoundTrip() throws Exception {
        int[] src = picture(150, 70, 1);
        Framebuffer fb = new Framebuffer(150, 70);
        new DecoderAccess(Encodings.RAW).decode(encode(new RawEncoder(), src, 150, 70, PF), 0, 0, 150, 70, Encodings.RAW, PF, fb);
        assertThat(fb.pixels()).isEqualTo(src);
    }

    @Test
    void zrleRoundTripOverOneStreamAndCompresses() throws Exception {
        ZrleEncoder enc = new ZrleEncoder();
        DecoderAccess dec = new DecoderAccess(Encodings.ZRLE);
        Framebuffer fb = new Framebuffer(150, 70);
        for (long seed = 1; seed <= 3; seed++) { // several rectangles through one zlib stream each side
            int[] src = picture(150, 70, seed);
            byte[] data = encode(enc, src, 150, 70, PF);
            dec.decode(data, 0, 0, 150, 70, Encodings.ZRLE, PF, fb);
            assertThat(fb.pixels()).isEqualTo(src);
        }
        int[] flat = new int[150 * 70];
        java.util.Arrays.fill(flat, 0xFF336699);
        assertThat(encode(enc, flat, 150, 70, PF).length).isLessThan(100); // 6 solid tiles, deflated
    }

    @Test
    void zrleRoundTripInABigEndianSixteenBitFormat() throws Exception {
        PixelFormat rgb565 = new PixelFormat(16, 16, true, true, 31, 63, 31, 11, 5, 0);
        int[] src = new int[10 * 3];
        for (int i = 0; i < src.length; i++) src[i] = 0xFF000000 | (i * 8) << 16 | (255 - i * 4) << 8 | 0xF8; // representable in 565
        Framebuffer fb = new Framebuffer(10, 3);
        new DecoderAccess(Encodings.ZRLE).decode(encode(new ZrleEncoder(), src, 10, 3, rgb565), 0, 0, 10, 3, Encodings.ZRLE, rgb565, fb);
        for (int i = 0; i < src.length; i++) {
            int want = src[i], got = fb.pixels()[i];
            assertThat(got >>> 19 & 0x1F).as("red of pixel %d", i).isEqualTo(want >>> 19 & 0x1F);
            assertThat(got >>> 10 & 0x3F).as("green of pixel %d", i).isEqualTo(want >>> 10 & 0x3F);
            assertThat(got >>> 3 & 0x1F).as("blue of pixel %d", i).isEqualTo(want >>> 3 & 0x1F);
        }
    }

    /** Encodes one 64x64 tile, checks it round-trips, and returns the subencoding the encoder picked. */
    private static int subencodingOf(java.util.function.IntBinaryOperator colourAt) throws Exception {
        int[] src = new int[64 * 64];
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) src[y * 64 + x] = 0xFF000000 | colourAt.applyAsInt(x, y);
        byte[] data = encode(new ZrleEncoder(), src, 64, 64, PF);
        Framebuffer fb = new Framebuffer(64, 64);
        new DecoderAccess(Encodings.ZRLE).decode(data, 0, 0, 64, 64, Encodings.ZRLE, PF, fb);
        assertThat(fb.pixels()).isEqualTo(src);
        java.util.zip.Inflater inf = new java.util.zip.Inflater();
        inf.setInput(data, 4, data.length - 4);
        byte[] first = new byte[1];
        inf.inflate(first);
        return first[0] & 0xFF;
    }

    @Test
    void zrleSendsEachTileInItsSmallestSubencoding() throws Exception {
        assertThat(subencodingOf((x, y) -> 0x336699)).as("solid").isEqualTo(1);
        assertThat(subencodingOf((x, y) -> (x + y) % 2 == 0 ? 0xFFFFFF : 0)).as("packed palette of 2").isEqualTo(2);
        assertThat(subencodingOf((x, y) -> (x * 7 + y * 3) % 13 * 0x101010)).as("packed palette of 13").isEqualTo(13);
        assertThat(subencodingOf((x, y) -> (y % 20) * 0x0A0A0A)).as("palette RLE of 20 colours in long runs").isEqualTo(128 + 20);
        assertThat(subencodingOf((x, y) -> y * 0x030201 + (x / 32) * 0x400000)).as("plain RLE: 128 colours, long runs").isEqualTo(128);
        Random rnd = new Random(3);
        assertThat(subencodingOf((x, y) -> rnd.nextInt(0x1000000))).as("raw noise").isEqualTo(0);
    }
}
