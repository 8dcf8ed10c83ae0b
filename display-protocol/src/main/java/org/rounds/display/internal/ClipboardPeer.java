package org.rounds.display.internal;

import static org.rounds.display.internal.ClipboardText.ACTIONS;
import static org.rounds.display.internal.ClipboardText.CAPS;
import static org.rounds.display.internal.ClipboardText.NOTIFY;
import static org.rounds.display.internal.ClipboardText.PEEK;
import static org.rounds.display.internal.ClipboardText.PROVIDE;
import static org.rounds.display.internal.ClipboardText.REQUEST;
import static org.rounds.display.internal.ClipboardText.TEXT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One side of the clipboard, the same for client and server: plain cut text (Latin-1), or the
 * Extended Clipboard (0xC0A1E5CE) as TigerVNC speaks it. A cut-text message whose length is
 * negative carries flags (formats in bits 0-15, one action in bits 24-28) and data; only UTF-8
 * text is exchanged. Our text is offered as Provide when the peer accepts it unasked, else as
 * Notify (then Provide on its Request), else as plain cut text before the peer sent its caps; the
 * peer's Notify is answered with a Request. Sizes are checked before anything is allocated.
 */
public final class ClipboardPeer {
    /** How this side's messages go out and where the peer's text goes. */
    public interface Wire {
        /** An extended message: cut text with length -(4 + data length), the flags, the data. */
        void extended(int flags, byte[] data) throws IOException;

        /** Plain cut text, Latin-1. */
        void plain(String text) throws IOException;

        /** Text the peer provided. */
        void received(String text);

        /** A message over the limit was skipped (only when the peer was made to skip them). */
        default void dropped(String why) {}
    }

    private static final int OUR_CAPS = CAPS | TEXT | REQUEST | PEEK | NOTIFY | PROVIDE;

    private final int maxText;
    private final boolean answerCaps;
    private final boolean skipOversized;
    private final Wire wire;
    private int peerFlags; // 0 until the peer sent its caps
    private long peerTextMax;
    private String local; // the text we last offered, for the peer's Request and Peek

    /**
     * {@code maxText}: our limit, told in our caps, and the largest text we read.
     * {@code answerCaps}: reply to the peer's caps with ours (the client does; the server sends
     * its caps first, when the viewer lists the extension).
     */
    public ClipboardPeer(int maxText, boolean answerCaps, Wire wire) { this(maxText, answerCaps, false, wire); }

    /**
     * {@code skipOversized}: text over {@code maxText} is skipped and reported to
     * {@link Wire#dropped} instead of failing the connection. Safe because every cut-text message
     * states its length up front: the bytes are read and discarded (never held), and the next
     * message starts where it should. The server does this for a viewer's clipboard, as
     * TigerVNC does.
     */
    public ClipboardPeer(int maxText, boolean answerCaps, boolean skipOversized, Wire wire) {
        this.maxText = maxText;
        this.answerCaps = answerCaps;
        this.skipOversized = skipOversized;
        this.wire = wire;
    }

    /** Sends our caps: the text format, every action, and our size limit. */
    public void sendCaps() throws IOException {
        wire.extended(OUR_CAPS, new byte[] {(byte) (maxText >>> 24), (byte) (maxText >>> 16), (byte) (maxText >>> 8), (byte) maxText});
    }

    /** A cut-text message after its type byte, plain or extended; {@code message} names it in errors. */
    public synchronized void read(RfbInput in, String message) throws IOException {
        in.context(message, null);
        in.skip(3);
        long at = in.offset();
        int length = in.s32();
        if (length >= 0) {
            if (length > maxText) {
                String why = "cut text length " + length + " exceeds the limit of " + maxText + " bytes";
                if (!skipOversized) throw in.error(at, why);
                in.skip(length);
                wire.dropped(why);
                return;
            }
            wire.received(new String(in.bytes(length), StandardCharsets.ISO_8859_1));
            return;
        }
        long size = -(long) length, maxMessage = maxText + 1024L;
        if (size < 4) throw in.error(at, "extended clipboard length " + size + " is below 4");
        if (size > maxMessage) {
            String why = "extended clipboard length " + size + " exceeds the limit of " + maxMessage + " bytes";
            if (!skipOversized) throw in.error(at, why);
            in.skip(4); // in two steps: size may be 2^31, one over an int
            in.skip((int) (size - 4));
            wire.dropped(why);
            return;
        }
        int flags = in.s32();
        byte[] data = in.bytes((int) size - 4);
        int action = flags & ACTIONS;
        // Caps also lists the actions the peer accepts, so its bit is tested alone (as TigerVNC's CMsgReader does).
        if ((action & CAPS) != 0) {
            peerFlags = flags;
            peerTextMax = (flags & TEXT) != 0 && data.length >= 4 ? java.nio.ByteBuffer.wrap(data).getInt() & 0xFFFFFFFFL : 0;
            if (answerCaps) sendCaps();
        } else if (action == NOTIFY) {
            if ((flags & TEXT) != 0) wire.extended(REQUEST | TEXT, new byte[0]);
        } else if (action == REQUEST) {
            if ((flags & TEXT) != 0 && local != null) provide(local);
        } else if (action == PEEK) {
            wire.extended(NOTIFY | (local != null ? TEXT : 0), new byte[0]);
        } else if (action == PROVIDE) {
            if ((flags & TEXT) == 0) return;
            long n = ClipboardText.declaredSize(in, at, data);
            if (n > maxText && skipOversized) wire.dropped("extended clipboard text of " + n + " bytes exceeds the limit of " + maxText);
            else wire.received(ClipboardText.decode(in, at, data, maxText));
        } else {
            throw in.error(at, "extended clipboard flags 0x" + Integer.toHexString(flags) + " name no single action");
        }
    }

    /** Offers our clipboard text to the peer, in the way it speaks. */
    public synchronized void offer(String text) throws IOException {
        local = text;
        int flags = peerFlags;
        if ((flags & CAPS) == 0) {
            wire.plain(text.replace("\r\n", "\n"));
        } else if ((flags & PROVIDE) != 0 && ClipboardText.size(text) <= peerTextMax) {
            provide(text);
        } else if ((flags & NOTIFY) != 0) {
            wire.extended(NOTIFY | TEXT, new byte[0]);
        }
    }

    private void provide(String text) throws IOException { wire.extended(PROVIDE | TEXT, ClipboardText.encode(text)); }
}
