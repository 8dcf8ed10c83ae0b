package org.rounds.display.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.rounds.display.internal.ClipboardText;
import org.rounds.display.internal.RfbInput;

import static org.rounds.display.internal.ClipboardText.CAPS;
import static org.rounds.display.internal.ClipboardText.NOTIFY;
import static org.rounds.display.internal.ClipboardText.PEEK;
import static org.rounds.display.internal.ClipboardText.PROVIDE;
import static org.rounds.display.internal.ClipboardText.REQUEST;
import static org.rounds.display.internal.ClipboardText.TEXT;

/**
 * The Extended Clipboard extension (pseudo-encoding 0xC0A1E5CE) on the client, as TigerVNC's
 * CConnection speaks it: a Server/ClientCutText whose length is negative carries flags (formats
 * in bits 0-15, one action in bits 24-28) and data. Only UTF-8 text is exchanged: on the wire it
 * has CRLF line ends and a trailing NUL, and Provide data is one zlib stream per message.
 * Without the extension, plain cut text (Latin-1) is used. Sizes are checked before anything
 * is allocated.
 */
final class ExtendedClipboard {
    private static final int FORMATS = 0xFFFF;
    /** Our text limit (told to the server in our caps) and the largest extended message we read. */
    static final int MAX_TEXT = ServerMessageReader.MAX_CUT_TEXT;
    static final int MAX_MESSAGE = MAX_TEXT + 1024;

    private final ClientWriter writer;
    private final RfbListener listener;
    private volatile int serverFlags; // 0 until the server sent its caps
    private volatile long serverTextMax;
    private volatile String local; // the text we last offered, for the server's Request and Peek

    ExtendedClipboard(ClientWriter writer, RfbListener listener) {
        this.writer = writer;
        this.listener = listener;
    }

    /** ServerCutText (3) after its type byte, plain or extended. */
    void serverCutText(RfbInput in) throws IOException {
        in.context("ServerCutText", null);
        in.skip(3);
        long at = in.offset();
        int length = in.s32();
        if (length >= 0) {
            if (length > ServerMessageReader.MAX_CUT_TEXT)
                throw in.error(at, "cut text length " + length + " exceeds the limit of " + ServerMessageReader.MAX_CUT_TEXT + " bytes");
            listener.clipboard(new String(in.bytes(length), StandardCharsets.ISO_8859_1));
            return;
        }
        long size = -(long) length;
        if (size < 4 || size > MAX_MESSAGE) throw in.error(at, "extended clipboard length " + size + " is outside 4.." + MAX_MESSAGE);
        int flags = in.s32();
        byte[] data = in.bytes((int) size - 4);
        handle(in, at, flags, data);
    }

    private void handle(RfbInput in, long at, int flags, byte[] data) throws IOException {
        int action = flags & ~FORMATS;
        // Caps also lists the actions the server accepts, so its bit is tested alone (as TigerVNC's CMsgReader does).
        if ((action & CAPS) != 0) {
            serverFlags = flags;
            serverTextMax = (flags & TEXT) != 0 && data.length >= 4 ? java.nio.ByteBuffer.wrap(data).getInt() & 0xFFFFFFFFL : 0;
            writer.extendedClipboard(CAPS | TEXT | REQUEST | PEEK | NOTIFY | PROVIDE, intBytes(MAX_TEXT));
        } else if (action == NOTIFY) {
            if ((flags & TEXT) != 0) writer.extendedClipboard(REQUEST | TEXT, new byte[0]);
        } else if (action == REQUEST) {
            String text = local;
            if ((flags & TEXT) != 0 && text != null) provide(text);
        } else if (action == PEEK) {
            writer.extendedClipboard(NOTIFY | (local != null ? TEXT : 0), new byte[0]);
        } else if (action == PROVIDE) {
            if ((flags & TEXT) != 0) listener.clipboard(ClipboardText.decode(in, at, data, MAX_TEXT));
        } else {
            throw in.error(at, "extended clipboard flags 0x" + Integer.toHexString(flags) + " name no single action");
        }
    }

    /** Offers our clipboard: Provide at once when the server accepts it unasked, else Notify, else plain Latin-1 cut text. */
    void send(String text) throws IOException {
        local = text;
        int flags = serverFlags;
        if ((flags & CAPS) == 0) {
            writer.clientCutText(text.replace("\r\n", "\n"));
        } else if ((flags & PROVIDE) != 0 && ClipboardText.size(text) <= serverTextMax) {
            provide(text);
        } else if ((flags & NOTIFY) != 0) {
            writer.extendedClipboard(NOTIFY | TEXT, new byte[0]);
        }
    }

    private void provide(String text) throws IOException { writer.extendedClipboard(PROVIDE | TEXT, ClipboardText.encode(text)); }

    private static byte[] intBytes(int v) { return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}; }
}
