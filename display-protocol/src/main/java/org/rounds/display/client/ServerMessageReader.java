package org.rounds.display.client;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.Fence;
import org.rounds.display.internal.Messages;
import org.rounds.display.internal.ClipboardPeer;
import org.rounds.display.internal.ColourMap;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * Reads one server-to-client message at a time and acts on it, on the connection's network
 * thread. FramebufferUpdate rectangles are checked against the framebuffer and read by their
 * decoder here, then handed to {@link DecodeManager} ({@link DecodeManager#forThisMachine}):
 * workers decode large rectangles of stateless decoders side by side and the rest (small, the
 * last one read before the stream goes quiet, CopyRect, a zlib stream's) decode here.
 * Pseudo-encodings always decode here. Once every rectangle of an update is decoded the update
 * ends: the next incremental request goes out (unless the server pushes continuous updates) and
 * the listener hears {@code updateEnd}. While the next message's bytes are already at hand, this
 * thread reads on into it meanwhile; before it would wait for the server, or reads any other
 * message but a fence (see {@link #serverFence}), every update read so far is decoded and told
 * as ended.
 */
final class ServerMessageReader {
    static final int MAX_CUT_TEXT = 1024 * 1024;

    private final RfbInput in;
    private final ClientWriter writer;
    private final Framebuffer fb;
    private final PixelFormat pf;
    private final RfbListener listener;
    private final Map<Integer, Decoder> decoders = new HashMap<>();
    private final DecodeStats stats = new DecodeStats();
    private final UpdateFlow flow;
    private final ClipboardPeer clipboard;
    private final DecodeManager decoding;
    private Runnable firstUpdate = () -> {};
    private boolean firstSeen;
    /**
     * Pixels the server has painted since we connected (or since the last resize). The first
     * frame is complete once they add up to the screen: Xvnc answers SetEncodings with an update
     * of pseudo-encodings only (screen layout, QEMU keys, LEDs) before the pixels.
     */
    private long painted;

    ServerMessageReader(RfbInput in, ClientWriter writer, Framebuffer fb, PixelFormat pf, List<Integer> encodings, RfbListener listener) {
        this.in = in;
        this.writer = writer;
        this.fb = fb;
        this.pf = pf;
        this.listener = listener;
        this.flow = new UpdateFlow(writer);
        this.clipboard = new ClipboardPeer(MAX_CUT_TEXT, true, new ClipboardPeer.Wire() {
            @Override public void extended(int flags, byte[] data) throws IOException { writer.extendedClipboard(flags, data); }

            @Override public void plain(String text) throws IOException { writer.clientCutText(text); }

            @Override public void received(String text) { listener.clipboard(text); }
        });
        this.decoding = DecodeManager.forThisMachine(stats);
        for (int e : encodings) Decoders.create(e, listener).ifPresent(d -> decoders.put(e, d));
        // RFC 6143 7.7.1: every client handles Raw, listed or not (servers fall back to it).
        decoders.computeIfAbsent(Encodings.RAW, e -> Decoders.create(e).orElseThrow());
    }

    Framebuffer framebuffer() { return fb; }

    /** Waits for the rectangles read so far to be decoded and tells the updates' ends (the end of a replay). */
    void finishDecoding() throws IOException { decoding.finish(); }

    /** Stops the decoding threads (the connection is over). */
    void close() { decoding.close(); }

    /** What was decoded so far, by encoding name. */
    DecodeStats stats() { return stats; }

    /** Our clipboard towards the server: plain, or the Extended Clipboard once the server sent its caps. */
    ClipboardPeer clipboard() { return clipboard; }

    /** True while the server pushes updates without being asked (ContinuousUpdates with Fence). */
    boolean continuousUpdates() { return flow.continuous(); }

    /** The decoder of a pseudo-encoding we asked for, to read the state it keeps (screen layout). */
    java.util.Optional<Decoder> decoder(int encoding) { return java.util.Optional.ofNullable(decoders.get(encoding)); }

    void onFirstUpdate(Runnable r) { firstUpdate = r; }

    /** Reads and handles one message; returns quietly when the server was idle for a read timeout. */
    void readMessage() throws IOException {
        try {
            readOneMessage();
        } catch (org.rounds.display.RfbProtocolException e) {
            throw decoding.firstFailure(e);
        }
    }

    private void readOneMessage() throws IOException {
        in.context("server message", null);
        long at = in.offset();
        if (!in.moreAtHand()) decoding.finish(); // about to wait for the server: nothing read stays undecoded or untold
        int type = in.messageTypeOrIdle();
        if (type != 0 && type != Messages.SERVER_FENCE) decoding.finish(); // other messages come after the updates before them
        switch (type) {
            case -1 -> { /* idle: nothing to do */ }
            case 0 -> framebufferUpdate();
            case 1 -> colourMapEntries();
            case 2 -> listener.bell();
            case Messages.SERVER_CUT_TEXT -> clipboard.read(in, "ServerCutText");
            case Messages.END_OF_CONTINUOUS_UPDATES -> flow.endOfContinuousUpdates(fb);
            case Messages.SERVER_FENCE -> serverFence();
            case Messages.XVP -> xvp(); // in recordings of clients that list xvp (noVNC does); we never do
            default -> throw in.error(at, "unknown server message type " + type);
        }
    }

    private void framebufferUpdate() throws IOException {
        in.context("FramebufferUpdate", null);
        in.skip(1);
        int count = in.u16();
        int w0 = fb.width(), h0 = fb.height();
        for (int i = 0; i < count; i++) {
            long at = in.offset();
            in.context("FramebufferUpdate", null);
            Rect r = new Rect(in.u16(), in.u16(), in.u16(), in.u16(), in.s32(), at);
            in.context("FramebufferUpdate", r.encodingName());
            Decoder d = decoders.get(r.encoding());
            if (d == null) throw unexpected(r);
            boolean pseudo = Encodings.byNumber(r.encoding()).map(Encodings.Encoding::pseudo).orElse(false);
            if (!pseudo && ((long) r.x() + r.width() > fb.width() || (long) r.y() + r.height() > fb.height()))
                throw r.error("lies outside the " + fb.width() + "x" + fb.height() + " framebuffer");
            if (d.endsUpdate()) break;
            long t0 = System.nanoTime();
            byte[] data = d.readRect(r, in, pf);
            stats.add(r.encodingName(), pseudo ? 0 : (long) r.width() * r.height(), in.offset() - at, System.nanoTime() - t0);
            int fw = fb.width(), fh = fb.height();
            boolean moreToRead = i < count - 1 || in.moreAtHand();
            decoding.decode(d, r, data, pf, fb, pseudo, r.encoding() == Encodings.COPY_RECT, moreToRead);
            if (pseudo && (fb.width() != fw || fb.height() != fh)) painted = 0; // a new screen to paint (pseudo-encodings decode inline)
            if (!pseudo) painted += (long) r.width() * r.height();
        }
        boolean resized = fb.width() != w0 || fb.height() != h0; // resized by a pseudo-encoding, decoded here already
        boolean first = !firstSeen && painted >= (long) fb.width() * fb.height();
        if (first) firstSeen = true;
        decoding.whenDecoded(() -> {
            flow.updateEnded(resized, fb);
            listener.updateEnd(); // before waking awaitFirstFrame, so its caller finds the listener told
            if (first) firstUpdate.run();
        });
        if (first) decoding.finish(); // the first frame is told at once, whatever follows
    }

    /**
     * A ServerFence is answered once the messages before it have taken effect, as its
     * BlockBefore asks, but without holding the reader: the answer waits in line with the
     * updates' ends while the next updates are read and decoded. Xvnc times its round trips
     * with a BlockBefore fence after every update, and decoding everything at each one put the
     * heavy recording's one-strip updates through one at a time (the worker idle at every
     * fence: 1.07 CPUs busy, one worker no faster than none). BlockAfter (nothing after the fence
     * before its answer) is answered at once, once everything before it is decoded.
     */
    private void serverFence() throws IOException {
        Fence fence = Fence.read(in, "ServerFence");
        if ((fence.flags() & Messages.FENCE_BLOCK_AFTER) == 0) {
            decoding.whenDecoded(() -> flow.serverFence(fence, fb));
            return;
        }
        decoding.finish();
        flow.serverFence(fence, fb);
    }

    /** xvp's answer to a client that listed it (its version, or that an operation failed): nothing for us to do. */
    private void xvp() throws IOException {
        in.context("xvp", null);
        in.skip(3);
    }

    /** One line naming the encoding (name and number) and where its rectangle starts. */
    private static org.rounds.display.RfbProtocolException unexpected(Rect r) {
        String what = "rectangle " + r.x() + "," + r.y() + " " + r.width() + "x" + r.height() + " in " + Encodings.describe(r.encoding());
        if (Decoders.supported(r.encoding())) return r.error(what + ", which was not asked for");
        return org.rounds.display.RfbProtocolException.at("FramebufferUpdate", null, r.streamOffset(), what + ", which Rounds cannot decode");
    }

    /**
     * SetColourMapEntries: fills the colour map of a colour-mapped format (bounded by its size).
     * Pixels already painted keep their old colours, so once the screen has been drawn a full
     * update is asked for to repaint them. With a true-colour format the entries are ignored.
     */
    private void colourMapEntries() throws IOException {
        in.context("SetColourMapEntries", null);
        long at = in.offset();
        in.skip(1);
        int first = in.u16(), n = in.u16();
        ColourMap map = pf.colourMap();
        if (map == null) {
            in.skip(n * 6);
            return;
        }
        if (first + n > map.size())
            throw in.error(at, "entries " + first + ".." + (first + n - 1) + " exceed the colour map of " + map.size());
        for (int i = 0; i < n; i++) map.set(first + i, in.u16(), in.u16(), in.u16());
        if (firstSeen) writer.updateRequest(false, 0, 0, fb.width(), fb.height());
    }
}
