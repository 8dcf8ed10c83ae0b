package org.rounds.display.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * JPEG (21, RealVNC): the rectangle is a bare JPEG file with no length prefix, so its end is
 * found by walking the markers up to EOI (inside entropy-coded data, FF 00 and the restart
 * markers FF D0..D7 are data). A server may leave out the quantisation (DQT) and Huffman (DHT)
 * tables and mean the previous image's, so the last ones seen are kept and put back after the
 * frame header: state across rectangles, hence {@link Ordering#STREAM}.
 */
final class JpegDecoder implements Decoder {
    static final int SOF0 = 0xC0, SOF2 = 0xC2, DHT = 0xC4, SOS = 0xDA, EOI = 0xD9, DQT = 0xDB;

    private List<byte[]> cachedQuant = List.of();
    private List<byte[]> cachedHuffman = List.of();

    @Override
    public Ordering ordering() { return Ordering.STREAM; }

    /** An honest JPEG of the rectangle is far smaller; this bounds a stream that never reaches EOI. */
    static long maxBytes(Rect r) { return r.area() * 8 + 65536; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        RectBytes s = RectBytes.recording(r, in);
        segments(r, s);
        return s.recorded();
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        List<int[]> seg = new ArrayList<>();
        RectBytes.replay(() -> seg.addAll(segments(r, RectBytes.over(r, data))));
        List<byte[]> quant = new ArrayList<>(), huffman = new ArrayList<>();
        int sof = -1;
        for (int i = 0; i < seg.size(); i++) {
            int type = data[seg.get(i)[0] + 1] & 0xFF;
            byte[] bytes = java.util.Arrays.copyOfRange(data, seg.get(i)[0], seg.get(i)[1]);
            if (type == DQT) quant.add(bytes);
            if (type == DHT) huffman.add(bytes);
            if ((type == SOF0 || type == SOF2) && sof < 0) sof = i;
        }
        if (sof < 0) throw r.error("JPEG image without a baseline or progressive frame header");
        // Checked here, not left to the JPEG library: a reused libjpeg-turbo decompressor would
        // silently fill the gap with tables of whatever image it decoded last (another connection's).
        if (quant.isEmpty() && cachedQuant.isEmpty() || huffman.isEmpty() && cachedHuffman.isEmpty())
            throw r.error("unreadable JPEG image: it leaves out its " + (quant.isEmpty() ? "quantisation" : "Huffman")
                    + " tables and no earlier image sent them");
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream(data.length + 1024);
        for (int i = 0; i < seg.size(); i++) {
            jpeg.write(data, seg.get(i)[0], seg.get(i)[1] - seg.get(i)[0]);
            if (i == sof) {
                if (quant.isEmpty()) cachedQuant.forEach(jpeg::writeBytes);
                if (huffman.isEmpty()) cachedHuffman.forEach(jpeg::writeBytes);
            }
        }
        byte[] file = jpeg.toByteArray();
        TightImages.forThisThread().paint(r, file, 0, file.length, "JPEG", fb);
        if (!quant.isEmpty()) cachedQuant = quant;
        if (!huffman.isEmpty()) cachedHuffman = huffman;
        fb.damage(r.x(), r.y(), r.width(), r.height());
    }

    /** Walks the markers to EOI; returns each segment's [start, end) in the walked bytes. */
    private static List<int[]> segments(Rect r, RectBytes s) throws IOException {
        List<int[]> out = new ArrayList<>();
        long limit = maxBytes(r);
        int type = -1; // set when entropy-coded data ended at a marker we already read
        while (true) {
            int start;
            if (type < 0) {
                start = s.position();
                int ff = s.u8();
                if (ff != 0xFF) throw s.error("byte 0x" + Integer.toHexString(ff) + " where a JPEG marker belongs");
                type = s.u8();
            } else {
                start = s.position() - 2;
            }
            while (type == 0xFF) type = s.u8(); // fill bytes before a marker
            int t = type;
            type = -1;
            if (t >= 0xD0 && t <= 0xD9 || t == 0x01) {
                out.add(new int[] {start, s.position()});
                if (t == EOI) return out;
                continue;
            }
            int len = s.u16();
            if (len < 2) throw s.error("JPEG segment length " + len);
            s.skip(len - 2);
            if (t == SOS) { // entropy-coded data up to the next marker that is not FF 00 or a restart
                while (true) {
                    if (s.position() > limit) throw s.error("JPEG data runs past the " + limit + " bytes the rectangle can need");
                    if (s.u8() != 0xFF) continue;
                    int n = s.u8();
                    while (n == 0xFF) n = s.u8();
                    if (n == 0x00 || n >= 0xD0 && n <= 0xD7) continue;
                    type = n;
                    break;
                }
                out.add(new int[] {start, s.position() - 2});
            } else {
                out.add(new int[] {start, s.position()});
            }
            if (s.position() > limit) throw s.error("JPEG data runs past the " + limit + " bytes the rectangle can need");
        }
    }
}
