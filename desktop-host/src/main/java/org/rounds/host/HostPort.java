package org.rounds.host;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.display.server.DesktopPort;
import org.rounds.display.server.PasswordBook;
import org.rounds.display.server.ViewerLimits;

/**
 * The one TCP port a desktop host serves every desktop on: VeNCrypt X509Vnc only, over TLS 1.3
 * with the host's certificate, where the one-time password a viewer answers with says whose
 * desktop it opens. What {@code rounds desktop-host --bind ADDR --advertise HOST:PORT} starts
 * and gives its pools; the pools' addresses carry the advertised host and port and the
 * certificate's pin.
 *
 * <pre>{@code
 * HostPort port = HostPort.builder().bind(InetAddress.getByName("10.1.2.3")).port(5900)
 *         .advertise("10.1.2.3", 5900).certificate(HostCertificate.fromPem(hostPem, hostKeyPem)).start();
 * DesktopPool pool = new XvncDesktopPool(config, port, Clock.systemUTC());
 * }</pre>
 */
public final class HostPort implements AutoCloseable {
    private final DesktopPort port;
    private final HostCertificate certificate;
    private final String advertisedHost;
    private final int advertisedPort;
    private final Set<PasswordBook> books = ConcurrentHashMap.newKeySet();

    private HostPort(Builder b) throws IOException {
        certificate = b.certificate != null ? b.certificate : HostCertificate.ephemeral(advertisedHostOf(b));
        port = new DesktopPort(b.bind, b.port, certificate.tls(), b.limits);
        port.start();
        advertisedHost = advertisedHostOf(b);
        advertisedPort = b.advertisedPort > 0 ? b.advertisedPort : port.port();
    }

    public static Builder builder() { return new Builder(); }

    /** The one-machine default: loopback, any free port, an ephemeral self-signed certificate. */
    public static HostPort loopback() {
        try {
            return builder().start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the desktop port on loopback: " + e.getMessage(), e);
        }
    }

    /** The host viewers are told to dial. */
    public String advertisedHost() { return advertisedHost; }

    /** The port viewers are told to dial (the bound one unless another was advertised, behind a NAT say). */
    public int advertisedPort() { return advertisedPort; }

    /** The TCP port bound here. */
    public int port() { return port.port(); }

    /** SHA-256 of the host certificate's DER, as every address from this port carries it. */
    public String pin() { return certificate.pin(); }

    public HostCertificate certificate() { return certificate; }

    /** Where a viewer with {@code password} reaches a desktop here. */
    DesktopAddress address(String password) { return new DesktopAddress(advertisedHost, advertisedPort, password, certificate.pin()); }

    /** A desktop's way in; {@link #forget} it when the desktop ends. */
    DesktopPort.Door open(String name, PasswordBook passwords, DesktopPort.Destination destination) {
        books.add(passwords);
        return port.open(name, passwords, destination);
    }

    void forget(PasswordBook passwords) { books.remove(passwords); }

    /** True when some desktop here would admit {@code password} now (it must not become another's too). */
    boolean passwordLive(String password) {
        for (PasswordBook b : books) if (b.isLive(password)) return true;
        return false;
    }

    @Override
    public void close() { port.close(); }

    @Override
    public String toString() { return "HostPort[" + advertisedHost + ":" + advertisedPort + ", " + certificate + "]"; }

    private static String advertisedHostOf(Builder b) {
        if (b.advertisedHost != null) return b.advertisedHost;
        if (b.bind.isAnyLocalAddress()) throw new IllegalArgumentException("bound to every address, the host must be told which one to advertise");
        return b.bind.getHostAddress();
    }

    public static final class Builder {
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port;
        private String advertisedHost;
        private int advertisedPort;
        private HostCertificate certificate;
        private ViewerLimits limits = ViewerLimits.defaults();

        private Builder() {}

        /** Address to listen on; default loopback. */
        public Builder bind(InetAddress address) { this.bind = Objects.requireNonNull(address); return this; }

        /** TCP port to listen on; default 0, any free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 0..65535");
            this.port = port;
            return this;
        }

        /** What viewers are told to dial; default the bind address and the bound port ({@code port} 0: the bound one). */
        public Builder advertise(String host, int port) {
            if (host.isBlank()) throw new IllegalArgumentException("the advertised host is empty");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("advertised port " + port + " is outside 0..65535");
            this.advertisedHost = host;
            this.advertisedPort = port;
            return this;
        }

        /** The host's enrolled certificate; default an ephemeral self-signed one naming the advertised host. */
        public Builder certificate(HostCertificate certificate) { this.certificate = Objects.requireNonNull(certificate); return this; }

        /** Handshake deadline, connection caps and failed-authentication block for the port; default {@link ViewerLimits#defaults()}. */
        public Builder limits(ViewerLimits limits) { this.limits = Objects.requireNonNull(limits); return this; }

        /** Binds and starts accepting viewers. */
        public HostPort start() throws IOException { return new HostPort(this); }
    }
}
