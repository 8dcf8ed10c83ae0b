package org.rounds.display.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.rounds.display.internal.ClipboardText;
import org.rounds.display.internal.RfbInput;

import static org.rounds.display.internal.ClipboardText.ACTIONS;
import static org.rounds.display.internal.ClipboardText.CAPS;
import static org.rounds.display.internal.ClipboardText.NOTIFY;
import static org.rounds.display.internal.ClipboardText.PEEK;
import static org.rounds.display.internal.ClipboardText.PROVIDE;
import static org.rounds.display.internal.ClipboardText.REQUEST;
import static org.rounds.display.internal.ClipboardText.TEXT;

/**
 * A viewer's clipboard, server side: plain ClientCutText/ServerCutText (Latin-1), or the
 * Extended Clipboard (UTF-8, up to {@link #MAX_TEXT} bytes) once the viewer lists it. We
 * announce our caps (text; request, peek, notify, provide); text the desktop offers goes as
 * Provide when the viewer accepts it unasked, else as Notify and then Provide on its Request;
 * the viewer's Notify is answered with a Request. Messages for the viewer are queued as
 * control messages and written between updates.
 */
final class ServerClipboard {
    static final int MAX_TEXT = Viewer.MAX_CUT_TEXT;

    interface Sink { void send(byte[] message); }

    private final DesktopSource desktop;
    private final Sink sink;
    private boolean extended;
    private int viewerFlags;
    private long viewerMax;
    private String offered; // the desktop's latest text, for the viewer's Request

    ServerClipboard(DesktopSource desktop, Sink sink) {
        this.desktop = desktop;
        this.sink = sink;
    }

    /** SetEncodings listed the Extended Clipboard: our caps go out. */
    synchronized void extendedListed() throws IOException {
        if (extended) return;
        extended = true;
        sink.send(message(CAPS | TEXT | REQUEST | PEEK | NOTIFY | PROVIDE, intBytes(MAX_TEXT)));
    }

    /** ClientCutText (6) after its type byte, plain or extended. */
    synchronized void clientCutText(RfbInput in) throws IOException {
        in.context("ClientCutText", null);
        in.skip(3);
        long at = in.offset();
        int length = in.s32();
        if (length >= 0) {
            if (length > MAX_TEXT) throw in.error(at, "cut text length " + length + " exceeds the limit of " + MAX_TEXT + " bytes");
            desktop.clientCutText(new String(in.bytes(length), StandardCharsets.ISO_8859_1));
            return;
        }
        long size = -(long) length;
        if (size < 4 || size > MAX_TEXT + 1024L) throw in.error(at, "extended clipboard length " + size + " is outside 4.." + (MAX_TEXT + 1024));
        int flags = in.s32();
        byte[] data = in.bytes((int) size - 4);
        int action = flags & ACTIONS;
        if ((action & CAPS) != 0) {
            viewerFlags = flags;
            viewerMax = (flags & TEXT) != 0 && data.length >= 4 ? java.nio.ByteBuffer.wrap(data).getInt() & 0xFFFFFFFFL : 0;
        } else if (action == NOTIFY) {
            if ((flags & TEXT) != 0) sink.send(message(REQUEST | TEXT, new byte[0]));
        } else if (action == REQUEST) {
            if ((flags & TEXT) != 0 && offered != null) sink.send(provide(offered));
        } else if (action == PEEK) {
            sink.send(message(NOTIFY | (offered != null ? TEXT : 0), new byte[0]));
        } else if (action == PROVIDE) {
            if ((flags & TEXT) != 0) desktop.clientCutText(ClipboardText.decode(in, at, data, MAX_TEXT));
        } else {
            throw in.error(at, "extended clipboard flags 0x" + Integer.toHexString(flags) + " name no single action");
        }
    }

    /** The desktop's clipboard changed: the viewer hears of it in the way it speaks. */
    synchronized void offer(String text) throws IOException {
        offered = text;
        if (!extended || (viewerFlags & CAPS) == 0) {
            byte[] latin1 = text.replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
            ByteArrayOutputStream b = new ByteArrayOutputStream(8 + latin1.length);
            DataOutputStream d = new DataOutputStream(b);
            d.writeByte(3);
            d.write(new byte[3]);
            d.writeInt(latin1.length);
            d.write(latin1);
            sink.send(b.toByteArray());
        } else if ((viewerFlags & PROVIDE) != 0 && ClipboardText.size(text) <= viewerMax) {
            sink.send(provide(text));
        } else if ((viewerFlags & NOTIFY) != 0) {
            sink.send(message(NOTIFY | TEXT, new byte[0]));
        }
    }

    private static byte[] provide(String text) throws IOException { return message(PROVIDE | TEXT, ClipboardText.encode(text)); }

    /** ServerCutText with a negative length: the flags, then the data. */
    private static byte[] message(int flags, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(12 + data.length);
        DataOutputStream d = new DataOutputStream(b);
        d.writeByte(3);
        d.write(new byte[3]);
        d.writeInt(-(4 + data.length));
        d.writeInt(flags);
        d.write(data);
        return b.toByteArray();
    }

    private static byte[] intBytes(int v) { return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}; }
}
