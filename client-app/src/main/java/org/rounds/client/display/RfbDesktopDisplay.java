package org.rounds.client.display;

import org.rounds.broker.api.OneLine;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.rounds.display.Framebuffer;
import org.rounds.display.InsecureServerException;
import org.rounds.display.client.Cursor;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopTls;
import org.rounds.roaming.session.DesktopDisplay;
import org.rounds.roaming.session.DisplaySession;
import org.rounds.roaming.session.Screen;

/**
 * An endpoint's screen over RFB: connects to the desktop the broker handed out, and clears it.
 *
 * <p>{@link #clear()} first stops the RFB session (so no late update can repaint), then zeroes
 * the framebuffer: after it returns, not one pixel of the session is left in memory or on
 * screen. Views follow {@link #onFramebuffer} to show the current framebuffer or nothing.
 */
public final class RfbDesktopDisplay implements DesktopDisplay, Screen {

    private static final Duration FIRST_FRAME = Duration.ofSeconds(5);

    private final List<String> encodings;
    private final List<Consumer<Optional<Framebuffer>>> framebufferListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Optional<Cursor>>> cursorListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> clipboardListeners = new CopyOnWriteArrayList<>();
    private volatile RfbSession session;
    private volatile Framebuffer framebuffer;
    private volatile long clearedAtNanos;
    private volatile long paintedAtNanos;

    public RfbDesktopDisplay(List<String> encodings) {
        this.encodings = List.copyOf(encodings);
    }

    public RfbDesktopDisplay() {
        // Lossless by default (no JPEG quality level): clinical text must stay crisp. The server picks the first it has.
        // The cursor pseudo-encodings let the server send its pointer shape instead of drawing it into the pixels;
        // in TigerVNC's viewer's order, so a server without CursorWithAlpha (VMware's) still sends one with alpha.
        this(List.of("tight", "zrle", "hextile", "copyrect", "raw", "cursorwithalpha", "vmware-cursor", "cursor"));
    }

    /** Hears the server's pointer shape (empty: none, use the local pointer). Called on the session's thread. */
    public void onCursor(Consumer<Optional<Cursor>> listener) {
        cursorListeners.add(listener);
    }

    /** Hears clipboard text the desktop offers. Called on the session's thread. */
    public void onClipboard(Consumer<String> listener) {
        clipboardListeners.add(listener);
    }

    /** Offers clipboard text to the desktop shown; nothing when none is. */
    public void sendClipboard(String text) {
        RfbSession s = session;
        if (s != null) s.sendClipboard(text);
    }

    /** Hears the framebuffer being shown (empty: nothing is shown). Any thread. */
    public void onFramebuffer(Consumer<Optional<Framebuffer>> listener) {
        framebufferListeners.add(listener);
        listener.accept(Optional.ofNullable(framebuffer));
    }

    @Override
    public DisplaySession connect(DesktopAddress address, DisplaySession.Listener listener) throws IOException {
        return connect(address, null, listener);
    }

    /**
     * As {@link #connect(DesktopAddress, DisplaySession.Listener)}, over {@code tunnel} (a remote
     * gateway's) instead of TCP: VeNCrypt X509Vnc still runs end to end, checked against the pin;
     * {@code address} names the gateway in messages.
     */
    public DisplaySession connect(DesktopAddress address, RfbClient.Connector tunnel, DisplaySession.Listener listener) throws IOException {
        return connect(address, DesktopTls.END_TO_END, tunnel, listener);
    }

    /**
     * As {@link #connect(DesktopAddress, RfbClient.Connector, DisplaySession.Listener)}, where the
     * gateway said over its own TLS who ends the desktop's TLS: with {@link DesktopTls#GATEWAY} the
     * tunnel carries RFB with security None (and only None), the gateway having checked the host's
     * pin; with {@link DesktopTls#END_TO_END} nothing but VeNCrypt X509Vnc to the pin is accepted,
     * so a None offered by whoever sits on the inside network is refused.
     */
    public DisplaySession connect(DesktopAddress address, DesktopTls desktopTls, RfbClient.Connector tunnel, DisplaySession.Listener listener)
            throws IOException {
        String where = "desktop at " + address.host() + ":" + address.port();
        if (desktopTls == DesktopTls.GATEWAY && tunnel == null) throw new IllegalArgumentException("only a gateway's tunnel ends the desktop's TLS");
        RfbClient.Builder builder = RfbClient.builder()
                .host(address.host()).port(address.port())
                .encodings(encodings).connectTimeout(Duration.ofSeconds(3));
        if (desktopTls == DesktopTls.GATEWAY) {
            builder.securityNoneOnly();
        } else {
            // Only VeNCrypt X509Vnc to the certificate the broker pinned: anything less would show a
            // patient's screen to whoever sits on the path, or to whoever answers in the host's place.
            if (address.pin().isEmpty()) throw new IOException(where + " comes without the host certificate's pin: refused");
            builder.password(address.password()).pinSha256(address.pin()).x509VncOnly();
        }
        if (tunnel != null) builder.connector(tunnel);
        RfbClient client = builder.build();
        RfbSession s;
        try {
            s = open(client, listener);
        } catch (InsecureServerException e) {
            throw new IOException(switch (e.why()) {
                case NO_ENCRYPTION -> where + " offers no encryption: refused";
                case NO_X509_VNC -> where + " offers no certificate-checked encryption (VeNCrypt X509Vnc): refused";
                case CERTIFICATE_MISMATCH -> where + ": certificate does not match the broker's pin: refused";
            }, e);
        }
        try {
            if (!s.awaitFirstFrame(FIRST_FRAME)) {
                throw new IOException(where + " sent no first frame within " + FIRST_FRAME.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            s.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the desktop's first frame");
        } catch (IOException e) {
            s.close();
            throw e;
        }
        RfbSession previous = session;
        if (previous != null) previous.close();
        session = s;
        framebuffer = s.framebuffer();
        paintedAtNanos = System.nanoTime();
        announce();
        return () -> {
            if (session == s) {
                session = null;
            }
            s.close();
        };
    }

    private RfbSession open(RfbClient client, DisplaySession.Listener listener) throws IOException {
        return client.connect(new RfbListener() {
            @Override
            public void cursor(Cursor cursor) {
                cursorListeners.forEach(l -> l.accept(Optional.of(cursor)));
            }

            @Override
            public void clipboard(String text) {
                clipboardListeners.forEach(l -> l.accept(text));
            }

            @Override
            public void closed(Optional<Throwable> cause) {
                cause.ifPresent(c -> listener.connectionLost(OneLine.of(c)));
            }
        });
    }

    @Override
    public void clear() {
        RfbSession s = session;
        session = null;
        if (s != null) s.close(); // no update may land after this line
        Framebuffer fb = framebuffer;
        if (fb != null) {
            synchronized (fb) {
                fb.clear();
            }
        }
        clearedAtNanos = System.nanoTime();
        framebuffer = null;
        announce();
        cursorListeners.forEach(l -> l.accept(Optional.empty()));
    }

    /** Sends a key to the desktop shown; nothing when none is. */
    public void sendKey(int keysym, boolean down) {
        RfbSession s = session;
        if (s != null) s.sendKey(keysym, down);
    }

    /**
     * Runs {@code inputs} ({@link #sendKey}, {@link #sendPointer} calls that happen together: a
     * typed character's press and release) and sends what they wrote in one flush
     * ({@link RfbSession#sendTogether}): one TLS record, and through a gateway one WebSocket frame.
     */
    public void sendTogether(Runnable inputs) {
        RfbSession s = session;
        if (s != null) s.sendTogether(inputs);
    }

    /** Sends the pointer state to the desktop shown; nothing when none is. */
    public void sendPointer(int x, int y, int buttonMask) {
        RfbSession s = session;
        if (s != null) s.sendPointer(x, y, buttonMask);
    }

    /** The framebuffer shown now. */
    public Optional<Framebuffer> framebuffer() { return Optional.ofNullable(framebuffer); }

    /** {@link System#nanoTime()} of the last clear, 0 if never. */
    public long clearedAtNanos() { return clearedAtNanos; }

    /** {@link System#nanoTime()} at which the last session showed its first frame, 0 if never. */
    public long paintedAtNanos() { return paintedAtNanos; }

    private void announce() {
        Optional<Framebuffer> fb = Optional.ofNullable(framebuffer);
        for (Consumer<Optional<Framebuffer>> l : framebufferListeners) l.accept(fb);
    }

}
