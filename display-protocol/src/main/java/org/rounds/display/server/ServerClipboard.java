package org.rounds.display.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.rounds.display.internal.ClipboardPeer;
import org.rounds.display.internal.Messages;
import org.rounds.display.internal.RfbInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A viewer's clipboard, server side: the shared {@link ClipboardPeer} speaking through
 * ServerCutText messages, queued as control messages and written between updates, with the
 * viewer's text going to the desktop. Our caps go out once, when the viewer lists the Extended
 * Clipboard; until the viewer's caps arrive, text goes as plain Latin-1.
 */
final class ServerClipboard implements ClipboardPeer.Wire {
    static final int MAX_TEXT = Viewer.MAX_CUT_TEXT;

    interface Sink { void send(byte[] message); }

    private static final Logger log = LoggerFactory.getLogger(ServerClipboard.class);

    private final DesktopSource desktop;
    private final Sink sink;
    private final String viewer;
    // Oversized text is skipped, not fatal: every cut-text message carries its length, so the stream stays in step.
    private final ClipboardPeer peer = new ClipboardPeer(MAX_TEXT, false, true, this);
    private boolean announced;

    /** {@code viewer} names the connection in log lines. */
    ServerClipboard(DesktopSource desktop, Sink sink, String viewer) {
        this.desktop = desktop;
        this.sink = sink;
        this.viewer = viewer;
    }

    /** SetEncodings listed the Extended Clipboard: our caps go out (once). */
    synchronized void extendedListed() throws IOException {
        if (announced) return;
        announced = true;
        peer.sendCaps();
    }

    /** ClientCutText (6) after its type byte, plain or extended. */
    void clientCutText(RfbInput in) throws IOException { peer.read(in, "ClientCutText"); }

    /** The desktop's clipboard changed: the viewer hears of it in the way it speaks. */
    void offer(String text) throws IOException { peer.offer(text); }

    @Override
    public void extended(int flags, byte[] data) throws IOException { sink.send(cutText(-(4 + data.length), flags, data)); }

    @Override
    public void plain(String text) throws IOException {
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        sink.send(cutText(latin1.length, null, latin1));
    }

    @Override
    public void received(String text) { desktop.clientCutText(text); }

    @Override
    public void dropped(String why) { log.warn("RFB {} clipboard dropped: {}", viewer, why); }

    /** ServerCutText: the length (negative for the extension, then its flags) and the bytes. */
    private static byte[] cutText(int length, Integer flags, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(12 + data.length);
        DataOutputStream d = new DataOutputStream(b);
        d.writeByte(Messages.SERVER_CUT_TEXT);
        d.write(new byte[3]);
        d.writeInt(length);
        if (flags != null) d.writeInt(flags);
        d.write(data);
        return b.toByteArray();
    }
}
