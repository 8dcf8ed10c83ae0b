package org.rounds.display.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbAuthException;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected viewer: a reader thread (handshake, then client messages) and a writer thread
 * (waits for a request plus damage, copies the damaged pixels under the framebuffer lock,
 * encodes outside it). Any fault closes only this viewer, with one log line.
 */
final class Viewer {
    private static final Logger log = LoggerFactory.getLogger(Viewer.class);
    /** A viewer's clipboard text at most, as TigerVNC caps it; longer text is dropped (ServerClipboard). */
    static final int MAX_CUT_TEXT = 256 * 1024;
    static final int STALL_TIMEOUT_MS = 60_000;

    private final Socket socket;
    private final ServerTransport authenticated;
    private final DesktopSource source;
    private final ServerSecurity security;
    private final Admission admission;
    private volatile SourceLimits.Lease lease;
    private final Consumer<Viewer> onClosed;
    private final String id;
    private final Thread reader;
    private volatile Thread writer;
    private volatile DamageTracker tracker;
    private volatile PixelFormat pf = PixelFormat.ARGB32_LE;
    private volatile List<Integer> clientEncodings = List.of();
    private volatile Encoder encoder = new RawEncoder();
    private volatile boolean closing;
    private final PseudoRects owed = new PseudoRects();
    private volatile ServerFlow flow;
    private volatile ServerClipboard clipboard;
    /** The framebuffer size this viewer was last told (ServerInit or DesktopSize); without DesktopSize we clip to it. */
    private int viewerWidth, viewerHeight;

    Viewer(Socket socket, DesktopSource source, ServerSecurity security, int number, Admission admission, Consumer<Viewer> onClosed) {
        this(socket, null, source, security, number, admission, onClosed);
    }

    /**
     * {@code authenticated} non-null: a {@link DesktopPort} already ran the handshake up to
     * ClientInit on this connection (TLS included), so only ServerInit is left to send.
     */
    Viewer(Socket socket, ServerTransport authenticated, DesktopSource source, ServerSecurity security, int number, Admission admission,
           Consumer<Viewer> onClosed) {
        this.authenticated = authenticated;
        this.socket = socket;
        this.source = source;
        this.security = security;
        this.admission = admission;
        this.onClosed = onClosed;
        this.id = "viewer-" + number + "@" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        this.reader = new Thread(this::readLoop, "rfb-" + id + "-read");
        reader.setDaemon(true);
    }

    /** Starts the reader; {@code lease} (this connection's place under the caps) is given back when it ends. */
    void start(SourceLimits.Lease lease) {
        this.lease = lease;
        reader.start();
    }

    /** True once the reader thread (which outlives the writer) has ended. */
    boolean finished() { return reader.getState() == Thread.State.TERMINATED; }

    private void readLoop() {
        Framebuffer fb = source.framebuffer();
        // The deadline runs from here to ServerInit, across TLS and authentication alike.
        try (HandshakeDeadline.Running deadline = admission.deadline.start(id, socket)) {
            socket.setTcpNoDelay(true);
            ServerTransport transport = authenticated != null ? authenticated : new ServerTransport(socket);
            int w, h;
            synchronized (fb) {
                w = fb.width();
                h = fb.height();
                tracker = new DamageTracker(w, h);
                flow = new ServerFlow(tracker);
                clipboard = new ServerClipboard(source, flow::queue, id);
                fb.addDamageListener(tracker); // under the lock: no resize slips between the size we send and the tracker
            }
            viewerWidth = w;
            viewerHeight = h;
            if (authenticated != null) ServerHandshake.serverInit(transport.out(), w, h, source.name());
            else new ServerHandshake(transport, security, socket.getInetAddress(), admission.blocklist).run(w, h, source.name());
            deadline.close();
            socket.setSoTimeout(STALL_TIMEOUT_MS);
            RfbInput in = transport.in(); // TLS streams after VeNCrypt
            OutputStream rawOut = transport.rawOut();
            writer = new Thread(() -> writeLoop(rawOut), "rfb-" + id + "-write");
            writer.setDaemon(true);
            if (closing) return;
            writer.start();
            log.info("RFB {} connected{}", id, transport.tls().isEmpty() ? "" : " over " + transport.tls());
            while (!closing) readMessage(in);
        } catch (RfbAuthException e) {
            admission.refusals.info("RFB {} refused: {}", id, e.getMessage());
        } catch (RfbProtocolException e) {
            log.warn("RFB {} closed: {}", id, e.getMessage());
        } catch (EOFException | SocketException e) {
            if (!closing) log.info("RFB {} disconnected", id);
        } catch (IOException e) {
            if (!closing) log.warn("RFB {} closed: {}", id, e.toString());
        } finally {
            shutdown();
        }
    }

    private void readMessage(RfbInput in) throws IOException {
        in.context("client message", null);
        long at = in.offset();
        int type = in.messageTypeOrIdle();
        switch (type) {
            case -1 -> { /* idle */ }
            case 0 -> {
                in.context("SetPixelFormat", null);
                in.skip(3);
                PixelFormat requested = PixelFormat.read(in);
                String why = requested.unsupportedReason().orElse(null);
                if (why != null) throw in.error(at, why);
                pf = requested;
            }
            case 2 -> {
                in.context("SetEncodings", null);
                in.skip(1);
                int n = in.u16();
                List<Integer> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) list.add(in.s32());
                clientEncodings = List.copyOf(list);
                encoder = Encoders.choose(list, encoder);
                owed.encodings(list);
                flow.encodings(list);
                if (list.contains(Encodings.EXTENDED_CLIPBOARD)) clipboard.extendedListed();
                tracker.owe();
            }
            case 3 -> {
                in.context("FramebufferUpdateRequest", null);
                boolean incremental = in.u8() != 0;
                tracker.request(incremental, in.u16(), in.u16(), in.u16(), in.u16());
            }
            case 4 -> {
                in.context("KeyEvent", null);
                boolean down = in.u8() != 0;
                in.skip(2);
                source.keyEvent(in.s32(), down);
            }
            case 5 -> {
                in.context("PointerEvent", null);
                int buttons = in.u8();
                source.pointerEvent(in.u16(), in.u16(), buttons);
            }
            case 6 -> clipboard.clientCutText(in);
            case 150 -> flow.enableContinuousUpdates(in);
            case 248 -> flow.clientFence(in);
            case 251 -> {
                in.context("SetDesktopSize", null);
                in.skip(5); // padding, width, height: our desktops keep their size
                int screens = in.u8();
                in.skip(1 + 16 * screens);
                owed.desktopSizeRequested(clientEncodings.contains(Encodings.EXTENDED_DESKTOP_SIZE));
                tracker.owe(); // the answer goes out with the next update, changed pixels or not
            }
            case 255 -> {
                in.context("QEMU client message", null);
                int subtype = in.u8();
                if (subtype != 0) throw in.error(at, "unknown QEMU client message sub-type " + subtype);
                boolean down = in.u16() != 0;
                int keysym = in.s32();
                in.s32(); // scancode: our desktops take keysyms
                source.keyEvent(keysym, down);
            }
            default -> throw in.error(at, "unknown client message type " + type);
        }
    }

    private void writeLoop(OutputStream socketOut) {
        Framebuffer fb = source.framebuffer();
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 * 1024);
        DataOutputStream msg = new DataOutputStream(buf);
        try {
            while (true) {
                if (!tracker.awaitReady()) return;
                List<int[]> rects = new ArrayList<>();
                List<int[]> pixels = new ArrayList<>();
                int fbw = 0, fbh = 0;
                boolean canResize = clientEncodings.contains(Encodings.DESKTOP_SIZE);
                int[] scroll = null; // {x, y, w, h, dx, dy}: sent as CopyRect when the viewer takes it
                boolean sendCopy = false;
                java.util.Optional<DamageTracker.Work> work;
                // The work is taken and its pixels copied in one moment under the lock (DamageTracker.take says
                // why); encoding happens outside it.
                synchronized (fb) {
                    work = tracker.take();
                    if (work.isEmpty()) return;
                    if (work.get().update()) {
                        scroll = work.get().copy();
                        fbw = fb.width();
                        fbh = fb.height();
                        if (canResize) {
                            viewerWidth = fbw;
                            viewerHeight = fbh;
                        }
                        int maxW = Math.min(fbw, viewerWidth), maxH = Math.min(fbh, viewerHeight);
                        int[] px = fb.pixels();
                        sendCopy = scroll != null && clientEncodings.contains(Encodings.COPY_RECT)
                                && scroll[0] + scroll[2] <= maxW && scroll[1] + scroll[3] <= maxH
                                && scroll[0] - scroll[4] + scroll[2] <= maxW && scroll[1] - scroll[5] + scroll[3] <= maxH;
                        List<int[]> changed = new ArrayList<>(work.get().rects());
                        if (scroll != null && !sendCopy) changed.add(0, new int[] {scroll[0], scroll[1], scroll[2], scroll[3]});
                        for (int[] r : changed) {
                            int w = Math.min(r[2], maxW - r[0]), h = Math.min(r[3], maxH - r[1]);
                            if (w <= 0 || h <= 0) continue;
                            int[] copy = new int[w * h];
                            for (int y = 0; y < h; y++) System.arraycopy(px, (r[1] + y) * fbw + r[0], copy, y * w, w);
                            rects.add(new int[] {r[0], r[1], w, h});
                            pixels.add(copy);
                        }
                    }
                }
                flow.drain(socketOut);
                if (!work.get().update()) {
                    socketOut.flush();
                    continue;
                }
                boolean sendSize = work.get().resized() && canResize;
                buf.reset();
                msg.writeByte(0);
                msg.writeByte(0);
                Encoder enc = encoder;
                PixelFormat format = pf;
                PseudoRects.Owed pseudo = owed.take(source.cursorShape());
                int count = (sendSize ? 1 : 0) + pseudo.count() + (sendCopy ? 1 : 0);
                for (int[] r : rects) count += enc.rectangles(r[2], r[3]);
                msg.writeShort(count);
                if (sendSize) Encoder.header(msg, 0, 0, fbw, fbh, Encodings.DESKTOP_SIZE);
                PseudoRects.write(msg, pseudo, fbw, fbh, format);
                if (sendCopy) { // before the changed tiles: the viewer copies from what it already shows
                    Encoder.header(msg, scroll[0], scroll[1], scroll[2], scroll[3], Encodings.COPY_RECT);
                    msg.writeShort(scroll[0] - scroll[4]);
                    msg.writeShort(scroll[1] - scroll[5]);
                }
                for (int i = 0; i < rects.size(); i++) {
                    int[] r = rects.get(i);
                    enc.write(r[0], r[1], pixels.get(i), r[2], r[3], format, msg);
                }
                msg.flush();
                buf.writeTo(socketOut);
                socketOut.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closing) log.info("RFB {} write failed: {}", id, e.getMessage());
        } finally {
            closeSocket(); // wakes the reader, which shuts the viewer down
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void shutdown() {
        closing = true;
        closeSocket();
        DamageTracker t = tracker;
        if (t != null) {
            source.framebuffer().removeDamageListener(t);
            t.close();
        }
        Thread w = writer;
        if (w != null && w.isAlive() && w != Thread.currentThread()) {
            try {
                w.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SourceLimits.Lease l = lease;
        if (l != null) l.close();
        onClosed.accept(this);
    }

    /** The desktop's clipboard changed (any thread); ignored before the handshake is done. */
    void offerClipboard(String text) {
        ServerClipboard c = clipboard;
        if (c == null || writer == null) return;
        try {
            c.offer(text);
        } catch (IOException e) {
            log.warn("RFB {} clipboard: {}", id, e.getMessage());
        }
    }

    /** Closes the connection and waits until both threads have ended. */
    void close() {
        closing = true;
        closeSocket();
        if (Thread.currentThread() != reader) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() { return id; }
}
