package org.rounds.display.server;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.SecureRandom;
import org.rounds.display.RfbAuthException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;
import org.rounds.display.internal.VncAuth;

/**
 * The server side of the handshake: ProtocolVersion (3.3, 3.7 or 3.8), security (None, VNC
 * authentication, or VeNCrypt TLSVnc/X509Vnc: VNC authentication inside TLS), ClientInit,
 * ServerInit.
 */
final class ServerHandshake {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int VENCRYPT = 19;

    private final ServerTransport transport; // null: plain streams only (no VeNCrypt)
    private RfbInput in;
    private DataOutputStream out;
    private final ServerSecurity security;
    private final InetAddress source;
    private final AuthBlocklist blocklist;
    private int minor;

    /** {@code source} is the viewer's address, which {@code blocklist} keys failed authentications on. */
    ServerHandshake(ServerTransport transport, ServerSecurity security, InetAddress source, AuthBlocklist blocklist) {
        this.transport = transport;
        this.in = transport.in();
        this.out = transport.out();
        this.security = security;
        this.source = source;
        this.blocklist = blocklist;
    }

    /** Over streams that cannot start TLS (the gateway): None and VNC authentication only. */
    ServerHandshake(RfbInput in, DataOutputStream out, ServerSecurity security, InetAddress source, AuthBlocklist blocklist) {
        if (security.type() == VENCRYPT) throw new IllegalArgumentException("VeNCrypt needs a socket transport");
        this.transport = null;
        this.in = in;
        this.out = out;
        this.security = security;
        this.source = source;
        this.blocklist = blocklist;
    }

    /** Runs up to and including ServerInit; throws RfbAuthException when the viewer is refused (after telling it why). */
    void run(int width, int height, String name) throws IOException {
        authenticate();
        in.context("ClientInit", null);
        in.u8(); // shared flag: we always share
        serverInit(out, width, height, name);
    }

    /** ServerInit alone, for a viewer a {@link DesktopPort} authenticated and read the ClientInit of. */
    static void serverInit(DataOutputStream out, int width, int height, String name) throws IOException {
        out.writeShort(width);
        out.writeShort(height);
        PixelFormat.ARGB32_LE.write(out);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        out.writeInt(n.length);
        out.write(n);
        out.flush();
    }

    /** ProtocolVersion and security up to a successful SecurityResult; throws RfbAuthException when the viewer is refused. */
    void authenticate() throws IOException {
        version();
        security();
    }

    private void version() throws IOException {
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in.context("ProtocolVersion", null);
        String v = new String(in.bytes(12), StandardCharsets.US_ASCII);
        if (!v.matches("RFB 003\\.\\d{3}\n")) throw in.error(0, "not an RFB 3.x client (got \"" + v.strip() + "\")");
        int m = Integer.parseInt(v.substring(8, 11));
        minor = m >= 8 ? 8 : m == 7 ? 7 : 3;
    }

    private void security() throws IOException {
        in.context("Security", null);
        int type = security.type();
        // A blocked source is told so instead of being offered a security type, so it never gets a
        // challenge to guess against: RFB 3.3's security type 0, or 3.7/3.8's empty list, then a reason.
        Duration left = blocklist.blocked(source);
        if (!left.isZero()) {
            if (minor == 3) out.writeInt(0);
            else out.writeByte(0);
            byte[] r = "too many authentication failures from this address; try again later".getBytes(StandardCharsets.US_ASCII);
            out.writeInt(r.length);
            out.write(r);
            out.flush();
            throw new RfbAuthException("source blocked for another " + left.toMillis() + " ms after failed authentications");
        }
        if (minor == 3) {
            if (type == VENCRYPT) {
                out.writeInt(0);
                byte[] r = "VeNCrypt needs RFB 3.7 or later".getBytes(StandardCharsets.US_ASCII);
                out.writeInt(r.length);
                out.write(r);
                out.flush();
                throw new RfbAuthException("an RFB 3.3 viewer cannot do VeNCrypt");
            }
            out.writeInt(type);
        } else {
            out.writeByte(1);
            out.writeByte(type);
            out.flush();
            int chosen = in.u8();
            if (chosen != type) {
                refuse("security type " + chosen + " was not offered");
                throw new RfbAuthException("viewer chose security type " + chosen + " which was not offered");
            }
        }
        out.flush();
        if (type == VENCRYPT) veNCrypt((ServerSecurity.VeNCrypt) security);
        if (type == 2 || type == VENCRYPT) {
            byte[] challenge = new byte[VncAuth.CHALLENGE_LENGTH];
            RANDOM.nextBytes(challenge);
            out.write(challenge);
            out.flush();
            byte[] response = in.bytes(VncAuth.CHALLENGE_LENGTH);
            if (!security.admits(challenge, response)) {
                Duration block = blocklist.failed(source);
                refuse(security.refusal());
                throw new RfbAuthException("viewer failed VNC authentication"
                        + (block.isZero() ? "" : "; source blocked for " + block.toMillis() + " ms"));
            }
            blocklist.succeeded(source);
        }
        if (type != 1 || minor >= 8) out.writeInt(0); // SecurityResult OK (for None only in 3.8)
        out.flush();
    }

    /** VeNCrypt 0.2: version, our one sub-type, the viewer's choice, then TLS; the streams become TLS ones. */
    private void veNCrypt(ServerSecurity.VeNCrypt v) throws IOException {
        in.context("VeNCrypt", null);
        out.writeByte(0);
        out.writeByte(2);
        out.flush();
        int major = in.u8(), minorVersion = in.u8();
        if (major != 0 || minorVersion != 2) {
            out.writeByte(1); // version refused
            out.flush();
            throw new RfbAuthException("viewer speaks VeNCrypt " + major + "." + minorVersion + ", not 0.2");
        }
        out.writeByte(0);
        out.writeByte(1);
        out.writeInt(v.subtype());
        out.flush();
        long chosen = in.u32();
        if (chosen != v.subtype()) {
            out.writeByte(0);
            out.flush();
            throw new RfbAuthException("viewer chose VeNCrypt sub-type " + chosen + ", not the offered " + v.subtype());
        }
        out.writeByte(1);
        out.flush();
        transport.startTls(v.tls());
        in = transport.in();
        out = transport.out();
    }

    private void refuse(String reason) throws IOException {
        out.writeInt(1);
        if (minor >= 8) {
            byte[] r = reason.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(r.length);
            out.write(r);
        }
        out.flush();
    }
}
