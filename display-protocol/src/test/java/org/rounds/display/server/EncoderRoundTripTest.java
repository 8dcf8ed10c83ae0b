package org.rounds.display.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.client.DecoderAccess;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/** Encodes with the server's encoders and decodes with the client's decoders: pixels must survive exactly. */
@Tag("unit")
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

    /** What {@code argb} looks like after a trip through pixel format {@code pf}. */
    private static int[] in(PixelFormat pf, int[] argb) {
        int[] out = new int[argb.length];
        for (int i = 0; i < argb.length; i++) out[i] = pf.toArgb(pf.fromArgb(argb[i]));
        return out;
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

    /**
     * The decoder paints tiles straight into the framebuffer's array: a rectangle touching its
     * right and bottom edges, in a framebuffer whose width is no multiple of anything, lands
     * exactly there and nowhere else; runs that wrap from one tile row to the next included.
     */
    @Test
    void zrleIntoAnOddWidthFramebufferAtItsEdge() throws Exception {
        int fw = 203, fh = 131, w = 150, h = 70, x0 = fw - w, y0 = fh - h;
        int[] src = picture(w, h, 9);
        for (int i = 0; i < w * 20; i++) src[i] = 0xFF000000 | (i / 37) * 0x010305; // runs of 37 that wrap rows
        Framebuffer fb = new Framebuffer(fw, fh);
        new DecoderAccess(Encodings.ZRLE).decode(encode(new ZrleEncoder(), src, w, h, PF), x0, y0, w, h, Encodings.ZRLE, PF, fb);
        for (int y = 0; y < fh; y++)
            for (int x = 0; x < fw; x++) {
                boolean inside = x >= x0 && y >= y0;
                int want = inside ? src[(y - y0) * w + x - x0] : 0;
                if (fb.pixels()[y * fw + x] != want)
                    throw new AssertionError("pixel " + x + "," + y + " is " + Integer.toHexString(fb.pixels()[y * fw + x])
                            + ", not " + Integer.toHexString(want));
            }
    }

    /** Big-endian 32-bit CPIXELs take the general path, little-endian ones the in-place one: both give the same pixels. */
    @Test
    void zrleBigAndLittleEndianThirtyTwoBitsDecodeAlike() throws Exception {
        PixelFormat bigEndian = new PixelFormat(32, 24, true, true, 255, 255, 255, 16, 8, 0);
        int[] src = picture(150, 70, 4);
        for (PixelFormat pf : new PixelFormat[] {PF, bigEndian}) {
            Framebuffer fb = new Framebuffer(150, 70);
            new DecoderAccess(Encodings.ZRLE).decode(encode(new ZrleEncoder(), src, 150, 70, pf), 0, 0, 150, 70, Encodings.ZRLE, pf, fb);
            assertThat(fb.pixels()).as(pf.toString()).isEqualTo(src);
        }
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

    @Test
    void hextileRoundTripInThirtyTwoAndSixteenBits() throws Exception {
        int[] src = picture(150, 70, 4);
        Framebuffer fb = new Framebuffer(150, 70);
        new DecoderAccess(Encodings.HEXTILE).decode(encode(new HextileEncoder(), src, 150, 70, PF), 0, 0, 150, 70, Encodings.HEXTILE, PF, fb);
        assertThat(fb.pixels()).isEqualTo(src);

        PixelFormat rgb565 = new PixelFormat(16, 16, true, true, 31, 63, 31, 11, 5, 0);
        int[] few = new int[40 * 20]; // representable in 565: solid, two-colour and coloured-subrect tiles
        for (int i = 0; i < few.length; i++) few[i] = 0xFF000000 | (i % 40 < 16 ? 0x0800F8 : (i / 40 + i) % 3 == 0 ? 0xF8FC00 : i % 7 == 0 ? 0x08FCF8 : 0);
        Framebuffer fb16 = new Framebuffer(40, 20);
        new DecoderAccess(Encodings.HEXTILE).decode(encode(new HextileEncoder(), few, 40, 20, rgb565), 0, 0, 40, 20, Encodings.HEXTILE, rgb565, fb16);
        assertThat(fb16.pixels()).isEqualTo(in(rgb565, few));
    }

    @Test
    void hextileSendsSolidAndTwoColourTilesCompactly() throws Exception {
        int[] flat = new int[64 * 64];
        java.util.Arrays.fill(flat, 0xFF336699);
        // 16 tiles: the first says its background (1 + 4 bytes), the other 15 only a mask byte.
        assertThat(encode(new HextileEncoder(), flat, 64, 64, PF)).hasSize(5 + 15);
        int[] line = flat.clone();
        for (int x = 0; x < 16; x++) line[5 * 64 + x] = 0xFFFFFFFF; // one white line in the first tile
        byte[] data = encode(new HextileEncoder(), line, 64, 64, PF);
        // mask, bg, fg, count, one subrect (x/y, w/h); then 15 mask-only tiles.
        assertThat(data).hasSize(1 + 4 + 4 + 1 + 2 + 15);
        assertThat(data[0]).isEqualTo((byte) (HextileEncoder.BACKGROUND | HextileEncoder.FOREGROUND | HextileEncoder.ANY_SUBRECTS));
        Framebuffer fb = new Framebuffer(64, 64);
        new DecoderAccess(Encodings.HEXTILE).decode(data, 0, 0, 64, 64, Encodings.HEXTILE, PF, fb);
        assertThat(fb.pixels()).isEqualTo(line);
    }

    @Test
    void tightRoundTripOverItsStreamsAtEveryCompressionLevel() throws Exception {
        for (int level : new int[] {0, 1, 6, 9}) {
            TightEncoder enc = new TightEncoder();
            enc.hints(new EncodingHints(level, -1));
            DecoderAccess dec = new DecoderAccess(Encodings.TIGHT);
            Framebuffer fb = new Framebuffer(150, 70);
            for (long seed = 1; seed <= 3; seed++) {
                int[] src = picture(150, 70, seed); // many colours: full-colour stream
                dec.decode(encode(enc, src, 150, 70, PF), 0, 0, 150, 70, Encodings.TIGHT, PF, fb);
                assertThat(fb.pixels()).as("level %d seed %d", level, seed).isEqualTo(src);
                int[] text = new int[150 * 70];
                for (int i = 0; i < text.length; i++) text[i] = 0xFF000000 | ((i * seed) % 11 == 0 ? 0x202020 : (i % 13 == 0 ? 0xC0C0C0 : 0xFFFFFF));
                dec.decode(encode(enc, text, 150, 70, PF), 0, 0, 150, 70, Encodings.TIGHT, PF, fb);
                assertThat(fb.pixels()).isEqualTo(text);
            }
        }
    }

    /** Encodes one rectangle with a fresh Tight encoder, checks the round trip, returns the control byte. */
    private static int tightControl(int[] src, int w, int h, PixelFormat pf) throws Exception {
        byte[] data = encode(new TightEncoder(), src, w, h, pf);
        Framebuffer fb = new Framebuffer(w, h);
        new DecoderAccess(Encodings.TIGHT).decode(data, 0, 0, w, h, Encodings.TIGHT, pf, fb);
        assertThat(fb.pixels()).isEqualTo(in(pf, src));
        return data[0] & 0xFF;
    }

    @Test
    void tightPicksFillMonoPaletteOrFullColour() throws Exception {
        int[] p = new int[40 * 30];
        java.util.Arrays.fill(p, 0xFF336699);
        assertThat(tightControl(p, 40, 30, PF)).as("fill, resetting all four streams").isEqualTo(0x8F);
        assertThat(encode(new TightEncoder(), p, 40, 30, PF)).hasSize(1 + 3); // control + one RGB TPIXEL
        for (int i = 0; i < p.length; i += 3) p[i] = 0xFFFFFFFF;
        assertThat(tightControl(p, 40, 30, PF) >>> 4).as("mono: stream 1, explicit palette filter").isEqualTo(0x4 | 1);
        for (int i = 0; i < p.length; i += 7) p[i] = 0xFF000000 | i;
        assertThat(tightControl(p, 40, 30, PF) >>> 4).as("indexed palette: stream 2").isEqualTo(0x4 | 2);
        assertThat(tightControl(picture(150, 70, 9), 150, 70, PF) >>> 4).as("full colour: stream 0, copy filter").isZero();
        PixelFormat rgb565 = new PixelFormat(16, 16, false, true, 31, 63, 31, 11, 5, 0);
        int[] two = new int[20 * 5];
        for (int i = 0; i < two.length; i++) two[i] = i % 2 == 0 ? 0xFFF80000 : 0xFF0000F8;
        assertThat(tightControl(two, 20, 5, rgb565) >>> 4).as("16-bit pixels: mono palette of PIXELs").isEqualTo(0x4 | 1);
    }

    @Test
    void tightJpegKeepsThirtyDecibelsAndGrowsWithQuality() throws Exception {
        int w = 200, h = 120;
        int[] photo = new int[w * h]; // smooth gradients with some texture: many colours, JPEG's home ground
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 17.0)), g = (int) (128 + 90 * Math.cos(y / 13.0)), b = (x + 2 * y) % 256;
                photo[y * w + x] = 0xFF000000 | r << 16 | g << 8 | ((b + r) / 2);
            }
        int last = 0;
        for (int q : new int[] {0, 5, 9}) {
            TightEncoder enc = new TightEncoder();
            enc.hints(new EncodingHints(2, q));
            byte[] data = encode(enc, photo, w, h, PF);
            assertThat(data[0] & 0xF0).as("JPEG control").isEqualTo(TightEncoder.JPEG);
            Framebuffer fb = new Framebuffer(w, h);
            new DecoderAccess(Encodings.TIGHT).decode(data, 0, 0, w, h, Encodings.TIGHT, PF, fb);
            if (q >= 5) assertThat(Psnr.of(photo, fb.pixels())).as("PSNR at quality %d", q).isGreaterThanOrEqualTo(30.0);
            assertThat(data.length).as("bytes at quality %d", q).isGreaterThan(last);
            last = data.length;
        }
    }

    @Test
    void tightSplitsAreasBeyondItsLimits() throws Exception {
        TightEncoder enc = new TightEncoder();
        assertThat(enc.rectangles(1024, 64)).isOne();
        assertThat(enc.rectangles(1024, 65)).isEqualTo(2);
        assertThat(enc.rectangles(3000, 10)).isEqualTo(2);
    }
}
