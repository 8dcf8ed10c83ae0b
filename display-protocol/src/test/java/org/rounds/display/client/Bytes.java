package org.rounds.display.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;
import org.rounds.display.internal.RfbInput;

/** Hand-made RFB bytes for tests (big-endian numbers, little-endian 32-bit pixels as our client asks for). */
public final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static Bytes of() { return new Bytes(); }

    public Bytes u8(int... values) {
        for (int v : values) out.write(v);
        return this;
    }

    public Bytes u16(int v) { return u8(v >>> 8, v & 0xFF); }

    public Bytes u32(long v) { return u16((int) (v >>> 16) & 0xFFFF).u16((int) v & 0xFFFF); }

    /** A 4-byte pixel in ARGB32_LE: b, g, r, 0. */
    public Bytes pixel(int rgb) { return u8(rgb & 0xFF, (rgb >>> 8) & 0xFF, (rgb >>> 16) & 0xFF, 0); }

    /** A 3-byte CPIXEL in ARGB32_LE: b, g, r. */
    public Bytes cpixel(int rgb) { return u8(rgb & 0xFF, (rgb >>> 8) & 0xFF, (rgb >>> 16) & 0xFF); }

    public Bytes bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    public byte[] toArray() { return out.toByteArray(); }

    public RfbInput input() { return new RfbInput(new ByteArrayInputStream(toArray())); }

    /** This content as one ZRLE rectangle's data: u32 length + zlib (fresh stream, sync-flushed). */
    public byte[] zrle() { return zrle(new Deflater()); }

    public byte[] zrle(Deflater d) {
        byte[] raw = toArray();
        d.setInput(raw);
        byte[] buf = new byte[raw.length * 2 + 64];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        return Bytes.of().u32(n).bytes(java.util.Arrays.copyOf(buf, n)).toArray();
    }

    /** Opaque ARGB for an RGB value. */
    public static int argb(int rgb) { return 0xFF000000 | rgb; }
}
