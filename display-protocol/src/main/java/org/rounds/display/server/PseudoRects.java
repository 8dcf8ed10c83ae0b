package org.rounds.display.server;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/**
 * The pseudo-encoding rectangles a viewer is owed with its next update: the announcements a new
 * SetEncodings calls for (QEMU extended keys, the screen layout of ExtendedDesktopSize, the
 * cursor shape), and the answers to its SetDesktopSize requests (our desktops have a fixed
 * size, so they are refused with status 1, "prohibited", as the extension specifies).
 * Set by the viewer's reader thread, taken by its writer thread.
 */
final class PseudoRects {
    static final int SCREEN_ID = 0;
    private static final int REASON_SERVER = 0, REASON_CLIENT = 1, STATUS_PROHIBITED = 1;

    private boolean qemu, layout, cursor;
    private final Queue<Integer> resizeAnswers = new ArrayDeque<>();

    /** What one update carries: taken at once, so the count in its header is exact. */
    record Owed(boolean qemu, boolean layout, CursorShape cursor, List<Integer> resizeAnswers) {
        int count() { return (qemu ? 1 : 0) + (layout ? 1 : 0) + (cursor != null ? 1 : 0) + resizeAnswers.size(); }
    }

    /** A SetEncodings arrived: what it lists is announced (again) with the next update. */
    synchronized void encodings(List<Integer> list) {
        qemu = list.contains(Encodings.QEMU_EXTENDED_KEY);
        layout = list.contains(Encodings.EXTENDED_DESKTOP_SIZE);
        cursor = list.contains(Encodings.CURSOR);
    }

    /** A SetDesktopSize arrived; it is answered (refused) when the viewer takes ExtendedDesktopSize. */
    synchronized void desktopSizeRequested(boolean viewerTakesLayout) {
        if (viewerTakesLayout) resizeAnswers.add(STATUS_PROHIBITED);
    }

    /** Takes what is owed now (the cursor only when the desktop has a shape). */
    synchronized Owed take(CursorShape shape) {
        Owed o = new Owed(qemu, layout, cursor ? shape : null, List.copyOf(resizeAnswers));
        qemu = layout = false;
        if (shape != null) cursor = false;
        resizeAnswers.clear();
        return o;
    }

    static void write(DataOutputStream out, Owed o, int fbw, int fbh, PixelFormat pf) throws IOException {
        if (o.qemu()) Encoder.header(out, 0, 0, 0, 0, Encodings.QEMU_EXTENDED_KEY);
        if (o.layout()) layout(out, REASON_SERVER, 0, fbw, fbh);
        if (o.cursor() != null) cursor(out, o.cursor(), pf);
        for (int status : o.resizeAnswers()) layout(out, REASON_CLIENT, status, fbw, fbh);
    }

    /** ExtendedDesktopSize: x = reason, y = status, the size, then one screen covering it all. */
    private static void layout(DataOutputStream out, int reason, int status, int w, int h) throws IOException {
        Encoder.header(out, reason, status, w, h, Encodings.EXTENDED_DESKTOP_SIZE);
        out.writeByte(1);
        out.write(new byte[3]);
        out.writeInt(SCREEN_ID);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(w);
        out.writeShort(h);
        out.writeInt(0);
    }

    /** Cursor: x, y = hotspot; the pixels in the viewer's format, then a 1-bit mask, rows padded to a byte. */
    private static void cursor(DataOutputStream out, CursorShape c, PixelFormat pf) throws IOException {
        Encoder.header(out, c.hotspotX(), c.hotspotY(), c.width(), c.height(), Encodings.CURSOR);
        byte[] px = new byte[c.argb().length * pf.bytesPerPixel()];
        for (int i = 0; i < c.argb().length; i++) pf.writePixel(c.argb()[i], px, i * pf.bytesPerPixel());
        out.write(px);
        int row = (c.width() + 7) / 8;
        byte[] mask = new byte[row * c.height()];
        for (int y = 0; y < c.height(); y++)
            for (int x = 0; x < c.width(); x++)
                if ((c.argb()[y * c.width() + x] >>> 24) >= 128) mask[y * row + x / 8] |= (byte) (0x80 >>> (x & 7));
        out.write(mask);
    }
}
