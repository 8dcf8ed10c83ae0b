package org.rounds.display.client;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rounds.display.fbs.FbsWriter;
import org.rounds.display.internal.Encodings;

/**
 * An immutable, reusable RFB (VNC) client configuration. {@link #connect} opens one session.
 *
 * <pre>{@code
 * RfbClient client = RfbClient.builder().host("127.0.0.1").port(5901).password("secret").build();
 * RfbSession s = client.connect(listener);
 * }</pre>
 */
public final class RfbClient {
    /** What a client asks for when no {@link Builder#encodings} are given, best first. */
    public static final List<String> DEFAULT_ENCODINGS = List.of("zrle", "copyrect", "raw");

    final String host;
    final int port;
    final Optional<String> password;
    final Credentials credentials;
    final List<Integer> encodings;
    final Duration connectTimeout;
    final Duration readTimeout;
    final Connector connector;
    final boolean shared;
    /** Empty: use the server's own format (which may be colour-mapped). */
    final Optional<org.rounds.display.internal.PixelFormat> pixelFormat;

    private RfbClient(Builder b) {
        pixelFormat = b.pixelFormat;
        host = b.host;
        port = b.port;
        password = b.password;
        if (b.x509VncOnly && b.pinSha256.isEmpty() && b.caFile.isEmpty())
            throw new IllegalArgumentException("X509Vnc only needs a pin or a CA file to check the server's certificate with");
        if (b.x509VncOnly && b.noneOnly) throw new IllegalArgumentException("X509Vnc only and None only exclude each other");
        credentials = new Credentials(b.username, b.password, b.caFile, b.pinSha256, b.x509VncOnly, b.noneOnly);
        connectTimeout = b.connectTimeout;
        readTimeout = b.readTimeout;
        connector = b.connector;
        shared = b.shared;
        List<Integer> wire = new ArrayList<>();
        for (String name : b.encodings) {
            int n = Encodings.byName(name).map(Encodings.Encoding::number)
                    .orElseThrow(() -> new IllegalArgumentException("unknown encoding \"" + name + "\""));
            if (!Decoders.supported(n) && !Encodings.isHint(n)) throw new IllegalArgumentException("encoding \"" + name + "\" is not supported by this client");
            if (!wire.contains(n)) wire.add(n);
        }
        // Pointer position comes as PointerPos from libvncserver servers and only as VMware cursor position from
        // TigerVNC's Xvnc (which knows no PointerPos), so asking for one asks for both. The VMware cursor shape is
        // listed only when named: Xvnc prefers it to Cursor and XCursor, so a caller forcing one of those would
        // silently get another.
        if (wire.contains(Encodings.POINTER_POS) && !wire.contains(Encodings.VMWARE_CURSOR_POSITION))
            wire.add(wire.indexOf(Encodings.POINTER_POS) + 1, Encodings.VMWARE_CURSOR_POSITION);
        // Pseudo-encodings we always handle: resizes (ExtendedDesktopSize also lets us ask for one) and the LastRect terminator.
        // Fence and ContinuousUpdates let a server push updates (see UpdateFlow); UTF-8 clipboard; scancodes and LEDs
        // (QEMU's, which Xvnc prefers, then VMware's for servers that only have that one).
        for (int pseudo : new int[] {Encodings.DESKTOP_SIZE, Encodings.EXTENDED_DESKTOP_SIZE, Encodings.LAST_RECT,
                Encodings.FENCE, Encodings.CONTINUOUS_UPDATES, Encodings.EXTENDED_CLIPBOARD, Encodings.QEMU_EXTENDED_KEY,
                Encodings.QEMU_LED_STATE, Encodings.VMWARE_LED_STATE})
            if (!wire.contains(pseudo)) wire.add(pseudo);
        encodings = List.copyOf(wire);
    }

    public static Builder builder() { return new Builder(); }

    /**
     * Opens the byte stream an RFB session runs over. The default is a TCP connection to the
     * builder's host and port; a tunnel (RFB in WebSocket frames through a gateway) gives a
     * {@link Socket} of its own whose streams, {@code setSoTimeout} and {@code close} work as a TCP
     * socket's do, so that VeNCrypt's TLS runs over it end to end.
     */
    @FunctionalInterface
    public interface Connector {
        Socket connect(Duration timeout) throws IOException;
    }

    /**
     * Connects, authenticates, and returns once ServerInit is read and our pixel format and
     * encodings are sent. Throws {@link org.rounds.display.RfbAuthException} when refused,
     * {@link org.rounds.display.RfbProtocolException} on a malformed handshake, other
     * {@link IOException}s when the network fails. Nothing is left open after a throw.
     */
    public RfbSession connect(RfbListener listener) throws IOException {
        return RfbSession.open(this, Objects.requireNonNull(listener), null);
    }

    /**
     * As {@link #connect(RfbListener)}, also recording every server message into {@code recording}
     * (FBS 001.000, replayable with {@link RfbReplay}). The caller closes the recording after the session.
     */
    public RfbSession connect(RfbListener listener, FbsWriter recording) throws IOException {
        return RfbSession.open(this, Objects.requireNonNull(listener), Objects.requireNonNull(recording));
    }

    /**
     * True when this JVM can negotiate anonymous TLS, which VeNCrypt's TLSNone, TLSVnc and
     * TLSPlain need (TigerVNC's default). The JDK disables it unless the
     * {@code jdk.tls.disabledAlgorithms} security property is relaxed before the JVM first uses TLS.
     */
    public static boolean anonymousTlsAvailable() { return org.rounds.display.internal.AnonymousTls.available(); }

    @Override
    public String toString() { return "RfbClient[" + host + ":" + port + "]"; }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 5900;
        private Optional<String> password = Optional.empty();
        private Optional<String> username = Optional.empty();
        private Optional<java.nio.file.Path> caFile = Optional.empty();
        private Optional<String> pinSha256 = Optional.empty();
        private boolean x509VncOnly;
        private boolean noneOnly;
        private List<String> encodings = DEFAULT_ENCODINGS;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Connector connector;
        private boolean shared = true;
        private Optional<org.rounds.display.internal.PixelFormat> pixelFormat = Optional.of(org.rounds.display.internal.PixelFormat.ARGB32_LE);

        /** Server host name or address; default 127.0.0.1. */
        public Builder host(String host) { this.host = Objects.requireNonNull(host); return this; }

        /** RFB TCP port; default 5900. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 1..65535");
            this.port = port;
            return this;
        }

        /** VNC password (only its first 8 bytes count); default none, which only admits to servers offering None. */
        public Builder password(String password) { this.password = Optional.of(password); return this; }

        /** Username for VeNCrypt Plain, TLSPlain and X509Plain (sent with the password); default none. */
        public Builder username(String username) {
            if (username.isEmpty() || username.length() > org.rounds.display.internal.VeNCrypt.MAX_PLAIN_FIELD)
                throw new IllegalArgumentException("username must be 1.." + org.rounds.display.internal.VeNCrypt.MAX_PLAIN_FIELD + " characters");
            this.username = Optional.of(username);
            return this;
        }

        /**
         * PEM file of the CA certificate(s) that must have signed a VeNCrypt X509 server's
         * certificate; the host name is checked against it too. Default: the JDK's trust store.
         */
        public Builder caFile(java.nio.file.Path pemFile) {
            if (!java.nio.file.Files.isReadable(pemFile)) throw new IllegalArgumentException("CA file " + pemFile + " is not readable");
            this.caFile = Optional.of(pemFile);
            return this;
        }

        /**
         * SHA-256 fingerprint of the exact certificate a VeNCrypt X509 server must present (hex,
         * colons allowed, as {@code openssl x509 -noout -fingerprint -sha256} prints it). When
         * set, only that certificate is accepted (no CA or host name check); default none.
         */
        public Builder pinSha256(String fingerprint) {
            this.pinSha256 = Optional.of(org.rounds.display.internal.Pem.normaliseSha256(fingerprint));
            return this;
        }

        /**
         * Accept only VeNCrypt's X509Vnc (TLS with a checked certificate, then VNC
         * authentication): a server offering None, plain VNC authentication or any other
         * VeNCrypt sub-type is refused with an {@link org.rounds.display.InsecureServerException},
         * and so is a certificate that does not match the {@link #pinSha256 pin} (which, or a
         * {@link #caFile CA file}, must then be given). What an endpoint does with a desktop the
         * broker handed out; default off, which takes the best the server offers.
         */
        public Builder x509VncOnly() { this.x509VncOnly = true; return this; }

        /**
         * Accept only security None, for a stream already protected and authenticated by what
         * carries it: a remote-access gateway that ended the desktop's TLS and said so over its
         * own TLS. Anything else offered is refused with one line. Not with {@link #x509VncOnly};
         * default off.
         */
        public Builder securityNoneOnly() { this.noneOnly = true; return this; }

        /**
         * Encodings by name in preference order ("zrle", "copyrect", "raw"); default {@link #DEFAULT_ENCODINGS}.
         * Also pseudo-encodings: "cursor", "xcursor", "cursorwithalpha" (the server stops drawing the
         * pointer and sends its shape to {@link RfbListener#cursor}), "vmware-cursor" (the same,
         * with alpha; Xvnc sends it rather than Cursor or XCursor when both are listed), "pointerpos"
         * (also lists "vmware-cursor-position", Xvnc's form), "desktopname",
         * "extendeddesktopsize", and the Tight hints "tight-compress-0".."9" and "tight-quality-0".."9"
         * (listing a quality lets Tight send JPEG; without one it stays lossless), TurboVNC's
         * "fine-quality-0".."100" and "subsampling-1x" (2x, 4x, 8x, 16x, gray).
         */
        public Builder encodings(List<String> names) {
            if (names.isEmpty()) throw new IllegalArgumentException("at least one encoding is needed");
            this.encodings = List.copyOf(names);
            return this;
        }

        /** TCP connect timeout, also the limit for the whole handshake; default 10 s. */
        public Builder connectTimeout(Duration d) { this.connectTimeout = positive(d); return this; }

        /** How long the server may stall in the middle of a message before the session fails; default 30 s. An idle server is fine. */
        public Builder readTimeout(Duration d) { this.readTimeout = positive(d); return this; }

        /**
         * Connect through {@code connector} instead of TCP to the host and port; the host still
         * names the server for a CA file's host name check and in logs.
         */
        public Builder connector(Connector connector) { this.connector = Objects.requireNonNull(connector); return this; }

        /** ClientInit shared flag: false asks the server to disconnect other viewers; default true. */
        /**
         * The pixel format asked of the server: "rgb888" (32 bits, the default), "rgb565" (16
         * bits) or "rgb332" (8 bits, 256 colours) for slow links, or "server" to take the
         * server's own format as it is, colour-mapped ones included. The framebuffer is ARGB
         * whatever the wire format.
         */
        public Builder pixelFormat(String name) {
            this.pixelFormat = switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "rgb888" -> Optional.of(org.rounds.display.internal.PixelFormat.ARGB32_LE);
                case "rgb565" -> Optional.of(org.rounds.display.internal.PixelFormat.RGB565_LE);
                case "rgb332" -> Optional.of(org.rounds.display.internal.PixelFormat.RGB332);
                case "server" -> Optional.empty();
                default -> throw new IllegalArgumentException("unknown pixel format \"" + name + "\" (rgb888, rgb565, rgb332 or server)");
            };
            return this;
        }

        public Builder shared(boolean shared) { this.shared = shared; return this; }

        public RfbClient build() { return new RfbClient(this); }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) throw new IllegalArgumentException("timeout " + d + " must be positive");
            return d;
        }
    }
}
