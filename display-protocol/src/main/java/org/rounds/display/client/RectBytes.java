package org.rounds.display.client;

import java.io.IOException;
import java.util.Arrays;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * A rectangle body without a length prefix (RRE, Hextile, TRLE, Tight headers) is walked twice
 * by the same code: once off the stream by {@link #recording}, which keeps the bytes so
 * {@code readRect} can return exactly them, and once over those bytes by {@link #over} to paint
 * pixels in {@code decodeRect}. Running out of bytes is a protocol error naming the offset.
 */
abstract class RectBytes {
    protected byte[] buf;
    protected final Rect r;

    private RectBytes(Rect r, byte[] buf) {
        this.r = r;
        this.buf = buf;
    }

    /** Reads from the stream and keeps what it read ({@link #recorded()}). */
    static RectBytes recording(Rect r, RfbInput in) { return new Recorder(r, in); }

    /** Reads from a rectangle's recorded bytes. */
    static RectBytes over(Rect r, byte[] data) { return new Replay(r, data); }

    /** A walk over recorded bytes. */
    interface Walk { void run() throws IOException; }

    /** Runs a walk over recorded bytes, where the only possible failure is a protocol error. */
    static void replay(Walk w) throws RfbProtocolException {
        try {
            w.run();
        } catch (RfbProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("replaying memory cannot fail with I/O", e);
        }
    }

    /** Makes {@code n} more bytes available and returns where they start in {@link #buf}. */
    abstract int take(int n) throws IOException;

    /** Bytes consumed so far. */
    abstract int position();

    /** A protocol error at the current position (stream offset of the byte). */
    RfbProtocolException error(String detail) {
        return RfbProtocolException.at("FramebufferUpdate", r.encodingName(), r.streamOffset() + 12 + position(),
                "rectangle " + r.x() + "," + r.y() + " " + r.width() + "x" + r.height() + ": " + detail);
    }

    final int u8() throws IOException {
        int p = take(1);
        return buf[p] & 0xFF;
    }

    final int u16() throws IOException {
        int p = take(2);
        return (buf[p] & 0xFF) << 8 | buf[p + 1] & 0xFF;
    }

    final long u32() throws IOException {
        int p = take(4);
        return ((buf[p] & 0xFFL) << 24) | (buf[p + 1] & 0xFF) << 16 | (buf[p + 2] & 0xFF) << 8 | buf[p + 3] & 0xFF;
    }

    /** One PIXEL as ARGB. */
    final int pixel(PixelFormat pf) throws IOException {
        int p = take(pf.bytesPerPixel());
        return pf.readPixel(buf, p);
    }

    /** One CPIXEL (ZRLE/TRLE) as ARGB. */
    final int cpixel(PixelFormat pf) throws IOException {
        int p = take(pf.cpixelBytes());
        return pf.readCpixel(buf, p);
    }

    /** Skips (or records) {@code n} bytes, returning where they start in {@link #buf}. */
    final int skip(int n) throws IOException { return take(n); }

    /** Takes {@code n} bytes; above {@link #RESERVE_AT_ONCE} in 64 KiB steps, so a hostile count costs memory only as its bytes arrive. */
    final void skipLong(long n) throws IOException {
        if (n <= RESERVE_AT_ONCE) { // one read straight into a buffer of the right size (a Tight image, most often)
            reserve(n);
            take((int) n);
            return;
        }
        while (n > 0) {
            int step = (int) Math.min(n, 64 * 1024);
            take(step);
            n -= step;
        }
    }

    /** Room for {@code n} more bytes at once, when that is at most {@link #RESERVE_AT_ONCE} (a recorder grows by doubling otherwise). */
    void reserve(long n) {}

    /** A Tight or TightPNG image's most (a 22-bit compact length): memory a hostile length may claim before its bytes come. */
    static final int RESERVE_AT_ONCE = 4 * 1024 * 1024;

    /** The buffer {@link #take} positions refer to (may be replaced by a later take while recording). */
    final byte[] buffer() { return buf; }

    /** What the recorder read, exactly. */
    byte[] recorded() { throw new IllegalStateException("not recording"); }

    private static final class Recorder extends RectBytes {
        private final RfbInput in;
        private int len;

        Recorder(Rect r, RfbInput in) {
            super(r, new byte[256]);
            this.in = in;
        }

        @Override
        int take(int n) throws IOException {
            if (buf.length - len < n) buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(2L * buf.length, (long) len + n)));
            in.readFully(buf, len, n);
            len += n;
            return len - n;
        }

        @Override
        void reserve(long n) {
            if (n <= RESERVE_AT_ONCE && buf.length - len < n) buf = Arrays.copyOf(buf, len + (int) n);
        }

        @Override
        int position() { return len; }

        /** Exactly what was read: the buffer itself when it was sized exactly (a Tight image's), else a copy. */
        @Override
        byte[] recorded() { return buf.length == len ? buf : Arrays.copyOf(buf, len); }
    }

    private static final class Replay extends RectBytes {
        private int pos;

        Replay(Rect r, byte[] data) { super(r, data); }

        @Override
        int take(int n) throws RfbProtocolException {
            if (buf.length - pos < n) throw error("data ends early");
            pos += n;
            return pos - n;
        }

        @Override
        int position() { return pos; }
    }
}
