package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * Pointer shapes. The rectangle's x, y is the hotspot and its size the cursor's. Cursor (-239):
 * PIXELs, then a 1-bit mask (1 = shown), rows padded to a byte. XCursor (-240): foreground and
 * background R, G, B, then a 1-bit bitmap (1 = foreground) and the mask; nothing when empty.
 * CursorWithAlpha (-314): an s32 encoding (only Raw here) then R, G, B, A bytes, premultiplied.
 */
final class CursorDecoder implements Decoder {
    /** Larger than any real pointer; bounds what a hostile server can make us allocate. */
    static final int MAX_SIDE = 1024;

    enum Kind { RICH, X, ALPHA }

    private final Kind kind;
    private final RfbListener listener;

    CursorDecoder(Kind kind, RfbListener listener) {
        this.kind = kind;
        this.listener = listener;
    }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        if (r.width() > MAX_SIDE || r.height() > MAX_SIDE) throw r.error("cursor larger than " + MAX_SIDE + "x" + MAX_SIDE);
        int mask = (r.width() + 7) / 8 * r.height();
        int n = (int) r.area();
        return switch (kind) {
            case RICH -> in.bytes(n * pf.bytesPerPixel() + mask);
            case X -> in.bytes(n == 0 ? 0 : 6 + 2 * mask);
            case ALPHA -> {
                long at = in.offset();
                int encoding = in.s32();
                if (encoding != Encodings.RAW)
                    throw in.error(at, "cursor pixels in " + Encodings.nameOf(encoding) + " (only raw is supported)");
                yield in.bytes(n * 4);
            }
        };
    }

    @Override
    public void decodeRect(Rect r, byte[] d, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        int w = r.width(), h = r.height(), n = w * h, rowBytes = (w + 7) / 8;
        int[] argb = new int[n];
        switch (kind) {
            case RICH -> {
                int bpp = pf.bytesPerPixel(), maskAt = n * bpp;
                for (int i = 0; i < n; i++)
                    if (bit(d, maskAt, rowBytes, i % w, i / w)) argb[i] = pf.readPixel(d, i * bpp);
            }
            case X -> {
                if (n > 0) {
                    int fg = rgb(d, 0), bg = rgb(d, 3), maskAt = 6 + rowBytes * h;
                    for (int i = 0; i < n; i++)
                        if (bit(d, maskAt, rowBytes, i % w, i / w)) argb[i] = bit(d, 6, rowBytes, i % w, i / w) ? fg : bg;
                }
            }
            case ALPHA -> {
                for (int i = 0; i < n; i++) {
                    int a = d[4 * i + 3] & 0xFF;
                    if (a == 0) continue;
                    argb[i] = a << 24 | unpremultiply(d[4 * i], a) << 16 | unpremultiply(d[4 * i + 1], a) << 8 | unpremultiply(d[4 * i + 2], a);
                }
            }
        }
        // A hotspot outside the shape is clamped into it rather than failing the session over a pointer.
        listener.cursor(new Cursor(w, h, Math.min(r.x(), Math.max(0, w - 1)), Math.min(r.y(), Math.max(0, h - 1)), argb));
    }

    private static boolean bit(byte[] d, int at, int rowBytes, int x, int y) {
        return (d[at + y * rowBytes + (x >>> 3)] >>> (7 - (x & 7)) & 1) != 0;
    }

    private static int rgb(byte[] d, int at) {
        return 0xFF000000 | (d[at] & 0xFF) << 16 | (d[at + 1] & 0xFF) << 8 | d[at + 2] & 0xFF;
    }

    private static int unpremultiply(byte c, int a) { return Math.min(255, ((c & 0xFF) * 255 + a / 2) / a); }
}
