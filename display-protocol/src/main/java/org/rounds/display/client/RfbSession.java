package org.rounds.display.client;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rounds.display.Framebuffer;
import org.rounds.display.fbs.FbsWriter;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live connection to an RFB server. A named daemon thread reads server messages and keeps
 * one incremental FramebufferUpdateRequest in flight. Input methods ({@link #sendKey} ...) may
 * be called from any thread; if the connection fails they do nothing and the failure reaches
 * {@link RfbListener#closed}. {@link #close()} ends the reader thread before returning.
 */
public final class RfbSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RfbSession.class);

    private final Socket socket;
    private final ClientWriter writer;
    private final Framebuffer framebuffer;
    private final String name;
    private final RfbListener listener;
    private final CountDownLatch firstFrame = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean reported = new AtomicBoolean();
    private final Thread reader;
    private final ServerMessageReader messages;
    private volatile boolean firstFrameSeen;

    private RfbSession(Socket socket, String peer, ClientWriter writer, ServerInit init, RfbListener listener, ServerMessageReader messages,
                       RecordingInputStream recorder) {
        this.socket = socket;
        this.writer = writer;
        this.framebuffer = messages.framebuffer();
        this.name = init.name();
        this.listener = listener;
        this.messages = messages;
        this.reader = new Thread(() -> readLoop(messages, recorder), "rfb-client-" + peer);
        reader.setDaemon(true);
    }

    static RfbSession open(RfbClient c, RfbListener listener, FbsWriter recording) throws IOException {
        Socket socket = c.connector == null ? new Socket() : c.connector.connect(c.connectTimeout);
        try {
            if (c.connector == null) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(c.host, c.port), (int) c.connectTimeout.toMillis());
            }
            socket.setSoTimeout((int) c.connectTimeout.toMillis());
            Transport transport = new Transport(socket, c.host);
            ClientHandshake handshake = new ClientHandshake(transport);
            ServerInit init = handshake.run(c.credentials, c.shared);
            RecordingInputStream recorder = recording == null ? null : transport.record(recording);
            RfbInput in = transport.in();
            DataOutputStream out = transport.out();
            ClientWriter writer = new ClientWriter(out);
            PixelFormat pf = c.pixelFormat.orElse(init.pixelFormat());
            String undecodable = pf.undecodableReason().orElse(null);
            if (undecodable != null) throw new org.rounds.display.RfbProtocolException("the server's pixel format cannot be used: " + undecodable);
            if (recorder != null) recorder.start(init, pf);
            if (c.pixelFormat.isPresent()) writer.setPixelFormat(pf);
            writer.setEncodings(c.encodings);
            Framebuffer fb = new Framebuffer(init.width(), init.height());
            writer.updateRequest(false, 0, 0, init.width(), init.height());
            socket.setSoTimeout((int) c.readTimeout.toMillis());
            ServerMessageReader messages = new ServerMessageReader(in, writer, fb, pf, c.encodings, listener);
            String peer = c.connector == null ? socket.getInetAddress().getHostAddress() + ":" + socket.getPort() : c.host + ":" + c.port;
            RfbSession s = new RfbSession(socket, peer, writer, init, listener, messages, recorder);
            s.security = handshake.securityDescription();
            messages.onFirstUpdate(() -> {
                s.firstFrameSeen = true;
                s.firstFrame.countDown();
            });
            s.reader.start();
            log.info("RFB session to {}:{} open ({}), desktop {}x{} \"{}\"", c.host, c.port, handshake.securityDescription(),
                    init.width(), init.height(), init.name());
            return s;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void readLoop(ServerMessageReader messages, RecordingInputStream recorder) {
        Throwable cause = null;
        try {
            while (!closing.get()) {
                messages.readMessage();
                if (recorder != null) recorder.endBlock();
            }
        } catch (Throwable t) {
            cause = t;
        } finally {
            closeSocket();
            messages.close();
            firstFrame.countDown(); // wake awaitFirstFrame; it reports false because we are closed
            report(closing.get() ? null : cause);
        }
    }

    private void report(Throwable cause) {
        if (!reported.compareAndSet(false, true)) return;
        if (cause != null) log.warn("RFB session {} ended: {}", reader.getName(), cause.getMessage());
        listener.closed(Optional.ofNullable(cause));
    }

    /** The remote screen; replaced pixels arrive with damage events, resizes with {@code resized}. */
    public Framebuffer framebuffer() { return framebuffer; }

    /**
     * How many rectangles of each encoding (by name, e.g. "zrle", "copyrect", "cursor") this
     * session has decoded: shows what the server actually sends. Safe from any thread.
     */
    public java.util.Map<String, Long> decodedRectangles() { return messages.stats().rectangles(); }

    /** Rectangles, pixels and decoding time per encoding so far. */
    public DecodeStats decodeStats() { return messages.stats(); }

    /** True while the server pushes updates without requests (it offered Fence and ContinuousUpdates). */
    public boolean continuousUpdates() { return messages.continuousUpdates(); }

    /** The security the session runs under, e.g. "VncAuth(2)" or "VeNCrypt X509Vnc(261) TLSv1.3 TLS_AES_256_GCM_SHA384". */
    public String security() { return security; }

    private volatile String security = "";

    /** The server's desktop name from ServerInit. */
    public String desktopName() { return name; }

    public boolean isOpen() { return !closing.get() && !reported.get(); }

    /**
     * Waits until the first complete frame has been decoded: updates whose pixel rectangles add
     * up to the whole screen (an update of pseudo-encodings alone, as Xvnc sends first, is not a
     * frame). True when it has; false on
     * timeout or when the session closed first.
     */
    public boolean awaitFirstFrame(Duration timeout) throws InterruptedException {
        firstFrame.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return firstFrameSeen;
    }

    /**
     * X11 keysym press or release; modifiers, editing, cursor, function and keypad keys go as
     * QEMU extended key events with their scancode when the server takes them.
     */
    public void sendKey(int keysym, boolean down) { sendKey(keysym, XtScancodes.of(keysym), down); }

    /**
     * Runs {@code inputs} (this session's send methods, called on this thread) and sends what
     * they wrote in one flush, at the end of {@code inputs}: for inputs that happen together (the
     * press and release of a key typed from text, a pointer move and its click). One TLS record
     * instead of one per message; through a gateway's tunnel, one WebSocket frame and outer record
     * instead of one each, which is most of the tunnel's cost for typing. Nothing is held back
     * beyond the end of {@code inputs}; other threads' messages wait until then. For keys,
     * pointer and desktop size; {@link #sendClipboard} inside it is refused (IllegalStateException).
     */
    public void sendTogether(Runnable inputs) {
        java.util.Objects.requireNonNull(inputs);
        if (!isOpen()) return;
        send(() -> writer.together(inputs::run));
    }

    /** Pointer position and button mask (bit 0 left, 1 middle, 2 right, 3/4 wheel). */
    public void sendPointer(int x, int y, int buttonMask) { send(() -> writer.pointerEvent(x, y, buttonMask)); }

    /**
     * Asks the server to make the desktop {@code width} x {@code height} (SetDesktopSize, with the
     * first screen resized to fill it as TigerVNC's viewer does). The answer arrives at
     * {@link RfbListener#desktopSizeResult}; the framebuffer resize, if any, with the next update.
     * False (nothing sent) when the server has not announced ExtendedDesktopSize.
     */
    public boolean requestDesktopSize(int width, int height) {
        if (width < 1 || height < 1 || width > DesktopSizeDecoder.MAX_SIDE || height > DesktopSizeDecoder.MAX_SIDE)
            throw new IllegalArgumentException("desktop size " + width + "x" + height + " is outside 1.." + DesktopSizeDecoder.MAX_SIDE);
        var d = messages.decoder(org.rounds.display.internal.Encodings.EXTENDED_DESKTOP_SIZE)
                .map(ExtendedDesktopSizeDecoder.class::cast).filter(ExtendedDesktopSizeDecoder::announced);
        if (d.isEmpty() || !isOpen()) return false;
        java.util.List<ExtendedDesktopSizeDecoder.Screen> screens = new java.util.ArrayList<>(d.get().screens());
        if (screens.isEmpty()) screens.add(new ExtendedDesktopSizeDecoder.Screen(0, 0, 0, width, height, 0));
        else screens.set(0, new ExtendedDesktopSizeDecoder.Screen(screens.get(0).id(), 0, 0, width, height, screens.get(0).flags()));
        if (screens.size() > 1) screens = screens.subList(0, 1); // Rounds shows one screen: the others would lie outside
        java.util.List<ExtendedDesktopSizeDecoder.Screen> layout = java.util.List.copyOf(screens);
        send(() -> writer.setDesktopSize(width, height, layout));
        return true;
    }

    /**
     * X11 keysym press or release with the key's XT scancode (0xE0-prefixed keys as 0x80 | code,
     * QEMU's numbering): sent as a QEMU extended key event when the server announced it, so the
     * server can use the physical key whatever the keyboard layouts; else as a plain key event.
     */
    public void sendKey(int keysym, int scancode, boolean down) {
        boolean qemu = messages.decoder(org.rounds.display.internal.Encodings.QEMU_EXTENDED_KEY)
                .map(d -> ((QemuExtendedKeyDecoder) d).announced()).orElse(false);
        if (qemu && scancode > 0) send(() -> writer.qemuKeyEvent(down, keysym, scancode));
        else send(() -> writer.keyEvent(keysym, down));
    }

    /**
     * Clipboard text to the server: UTF-8 through the Extended Clipboard when the server speaks
     * it (at once if it accepts unasked data of this size, else announced and sent on request),
     * else Latin-1 ClientCutText (characters outside Latin-1 become '?').
     */
    public void sendClipboard(String text) {
        java.util.Objects.requireNonNull(text);
        // The clipboard has a lock of its own that the reader thread holds while it writes: taken inside a batch
        // (which holds the writer's), the two threads could wait for each other.
        if (Thread.holdsLock(writer)) throw new IllegalStateException("sendClipboard is not for sendTogether: send the clipboard on its own");
        send(() -> messages.clipboard().offer(text));
    }

    /** @deprecated use {@link #sendClipboard}. */
    @Deprecated
    public void sendCutText(String text) { sendClipboard(text); }

    private interface Write { void run() throws IOException; }

    private void send(Write w) {
        if (!isOpen()) return;
        try {
            w.run();
        } catch (IOException e) {
            closeSocket(); // the reader thread sees the socket closed and reports
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Closes the connection, waits for the reader thread to end; the listener hears closed(empty). */
    @Override
    public void close() {
        closing.set(true);
        closeSocket();
        if (Thread.currentThread() != reader) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        report(null);
    }
}
