package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * VMware cursor pseudo-encoding (0x574D5664), as TigerVNC reads it: x, y is the hotspot, the
 * size the cursor's; a type byte and a padding byte, then for type 0 an AND mask and an XOR
 * image (both in PIXELs) and for type 1 R, G, B, A bytes (not premultiplied, as Xvnc sends its
 * own cursor). Type 0 pixels: AND 0 is the XOR colour, opaque; AND set with XOR 0 is
 * transparent; anything else would invert the screen, which no local cursor can, so it is
 * black, as in TigerVNC.
 */
final class VMwareCursorDecoder implements Decoder {
    private static final int CLASSIC = 0, ALPHA = 1;

    private final RfbListener listener;

    VMwareCursorDecoder(RfbListener listener) { this.listener = listener; }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        if (r.width() > CursorDecoder.MAX_SIDE || r.height() > CursorDecoder.MAX_SIDE)
            throw r.error("cursor larger than " + CursorDecoder.MAX_SIDE + "x" + CursorDecoder.MAX_SIDE);
        long at = in.offset();
        int type = in.u8();
        in.skip(1);
        int n = (int) r.area();
        byte[] shape = switch (type) {
            case CLASSIC -> in.bytes(2 * n * pf.bytesPerPixel());
            case ALPHA -> in.bytes(4 * n);
            default -> throw in.error(at, "VMware cursor type " + type + " (only 0, masks, and 1, RGBA, exist)");
        };
        byte[] data = new byte[1 + shape.length];
        data[0] = (byte) type;
        System.arraycopy(shape, 0, data, 1, shape.length);
        return data;
    }

    @Override
    public void decodeRect(Rect r, byte[] d, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        int w = r.width(), h = r.height(), n = w * h;
        int[] argb = new int[n];
        if (d[0] == ALPHA) {
            for (int i = 0, at = 1; i < n; i++, at += 4) {
                int a = d[at + 3] & 0xFF;
                if (a != 0) argb[i] = a << 24 | (d[at] & 0xFF) << 16 | (d[at + 1] & 0xFF) << 8 | d[at + 2] & 0xFF;
            }
        } else {
            int bpp = pf.bytesPerPixel(), xorAt = 1 + n * bpp;
            for (int i = 0; i < n; i++) {
                int and = raw(d, 1 + i * bpp, bpp), xor = raw(d, xorAt + i * bpp, bpp);
                if (and == 0) argb[i] = 0xFF000000 | pf.readPixel(d, xorAt + i * bpp);
                else if (xor != 0) argb[i] = 0xFF000000; // inverting: black, as TigerVNC draws it
            }
        }
        // A hotspot outside the shape is clamped into it rather than failing the session over a pointer.
        listener.cursor(new Cursor(w, h, Math.min(r.x(), Math.max(0, w - 1)), Math.min(r.y(), Math.max(0, h - 1)), argb));
    }

    /** The pixel's bytes as one number: only zero or not, and equality, matter for the masks. */
    private static int raw(byte[] d, int at, int bpp) {
        int v = 0;
        for (int i = 0; i < bpp; i++) v = v << 8 | d[at + i] & 0xFF;
        return v;
    }
}
