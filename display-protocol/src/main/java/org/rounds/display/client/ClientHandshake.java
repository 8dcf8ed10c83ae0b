package org.rounds.display.client;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.rounds.display.InsecureServerException;
import org.rounds.display.RfbAuthException;
import org.rounds.display.internal.AnonymousTls;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;
import org.rounds.display.internal.VeNCrypt;
import org.rounds.display.internal.VncAuth;

/**
 * The client side of the RFB handshake, one method per phase: ProtocolVersion, security,
 * ClientInit/ServerInit. Speaks 3.3, 3.7 and 3.8 (whichever is highest that the server offers).
 */
final class ClientHandshake {
    static final int SECURITY_NONE = 1;
    static final int SECURITY_VNC_AUTH = 2;
    static final int MAX_NAME = 64 * 1024;
    static final int MAX_REASON = 64 * 1024;

    private final Transport transport;
    private RfbInput in;
    private DataOutputStream out;
    private int minor;
    private String security = "";

    ClientHandshake(RfbInput in, DataOutputStream out) { this(new Transport(in, out)); }

    ClientHandshake(Transport transport) {
        this.transport = transport;
        this.in = transport.in();
        this.out = transport.out();
    }

    ServerInit run(Optional<String> password, boolean shared) throws IOException {
        return run(Credentials.password(password), shared);
    }

    ServerInit run(Credentials credentials, boolean shared) throws IOException {
        version();
        security(credentials);
        return init(shared);
    }

    int minorVersion() { return minor; }

    /** The security used, for the log: "VncAuth", "VeNCrypt X509Vnc(261) TLSv1.3 TLS_AES_256_GCM_SHA384". */
    String securityDescription() { return security; }

    private void version() throws IOException {
        minor = readVersion(in);
        out.write(String.format("RFB 003.%03d\n", minor).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the server's ProtocolVersion and returns the minor version both sides will speak: 3, 7 or 8. */
    static int readVersion(RfbInput in) throws IOException {
        in.context("ProtocolVersion", null);
        byte[] v = in.bytes(12);
        String s = new String(v, StandardCharsets.US_ASCII);
        if (!s.matches("RFB \\d{3}\\.\\d{3}\n")) throw in.error(0, "not an RFB server (got \"" + s.strip().replaceAll("\\p{Cntrl}", "?") + "\")");
        int major = Integer.parseInt(s.substring(4, 7)), serverMinor = Integer.parseInt(s.substring(8, 11));
        if (major < 3) throw in.error(0, "server speaks RFB " + major + "." + serverMinor + ", we need 3.3 or newer");
        // RFC 6143 §7.1.1: unknown minors below 7 are 3.3 (3.5 was never published); anything newer gets 3.8.
        if (major > 3 || serverMinor >= 8) return 8;
        return serverMinor == 7 ? 7 : 3;
    }

    private void security(Credentials credentials) throws IOException {
        Optional<String> password = credentials.password();
        in.context("Security", null);
        int type;
        if (minor == 3) {
            long at = in.offset();
            type = in.s32();
            if (type == 0) throw new RfbAuthException("server refused the connection: " + in.reason(MAX_REASON));
            if (type != SECURITY_NONE && type != SECURITY_VNC_AUTH) throw in.error(at, "unsupported security type " + type);
            if (credentials.x509VncOnly()) {
                throw new InsecureServerException(InsecureServerException.Why.NO_ENCRYPTION,
                        "server offers no encryption (" + VeNCrypt.describeSecurityType(type) + ", RFB 3.3)");
            }
            if (credentials.noneOnly() && type != SECURITY_NONE) throw new RfbAuthException("server asks for "
                    + VeNCrypt.describeSecurityType(type) + " where security None was expected");
        } else {
            int n = in.u8();
            if (n == 0) throw new RfbAuthException("server refused the connection: " + in.reason(MAX_REASON));
            byte[] types = in.bytes(n);
            type = choose(types, credentials);
            if (type < 0) throw new RfbAuthException("no common security type (server offers " + describe(types) + ")");
            out.writeByte(type);
            out.flush();
        }
        security = VeNCrypt.describeSecurityType(type);
        if (type == VeNCrypt.SECURITY_TYPE) {
            VeNCryptClient v = new VeNCryptClient(transport, credentials);
            v.run();
            in = transport.in();
            out = transport.out();
            security = "VeNCrypt " + VeNCrypt.describe(v.chosen()) + (transport.tlsDescription().isEmpty() ? "" : " " + transport.tlsDescription());
        }
        if (type == SECURITY_VNC_AUTH) {
            if (password.isEmpty()) throw new RfbAuthException("server requires a VNC password and none was given");
            byte[] challenge = in.bytes(VncAuth.CHALLENGE_LENGTH);
            out.write(VncAuth.response(challenge, password.get()));
            out.flush();
        }
        if (type == SECURITY_NONE && minor < 8) return; // SecurityResult for None only exists in 3.8
        in.context("SecurityResult", null);
        long result = in.u32();
        if (result != 0) {
            String reason = minor >= 8 ? in.reason(MAX_REASON) : "authentication failed";
            throw new RfbAuthException("server refused authentication: " + reason);
        }
    }

    /**
     * VeNCrypt when offered and we can expect to complete it (a CA file or pin for X509, a username
     * for Plain, or anonymous TLS allowed in this JVM), or when nothing else is offered; else VNC
     * auth when we have a password and it is offered, else None.
     */
    private static int choose(byte[] types, Credentials credentials) throws RfbAuthException {
        boolean none = false, vnc = false, vencrypt = false;
        for (byte t : types) {
            none |= t == SECURITY_NONE;
            vnc |= t == SECURITY_VNC_AUTH;
            vencrypt |= (t & 0xFF) == VeNCrypt.SECURITY_TYPE;
        }
        if (credentials.noneOnly()) {
            if (none) return SECURITY_NONE;
            throw new RfbAuthException("server offers " + describe(types) + " where security None was expected");
        }
        if (credentials.x509VncOnly()) {
            if (vencrypt) return VeNCrypt.SECURITY_TYPE;
            throw new InsecureServerException(InsecureServerException.Why.NO_ENCRYPTION, "server offers no encryption (" + describe(types) + ")");
        }
        if (vencrypt && (credentials.trustConfigured() || credentials.username().isPresent() || AnonymousTls.available())) {
            return VeNCrypt.SECURITY_TYPE;
        }
        if (vnc && credentials.password().isPresent()) return SECURITY_VNC_AUTH;
        if (none) return SECURITY_NONE;
        if (vencrypt) return VeNCrypt.SECURITY_TYPE; // it will say which sub-types it offered and why none fit
        return vnc ? SECURITY_VNC_AUTH : -1;
    }

    private static String describe(byte[] types) {
        StringBuilder b = new StringBuilder();
        for (byte t : types) b.append(b.length() == 0 ? "" : ", ").append(VeNCrypt.describeSecurityType(t & 0xFF));
        return b.toString();
    }

    private ServerInit init(boolean shared) throws IOException {
        out.writeByte(shared ? 1 : 0);
        out.flush();
        return readServerInit(in);
    }

    static ServerInit readServerInit(RfbInput in) throws IOException {
        in.context("ServerInit", null);
        long at = in.offset();
        int w = in.u16(), h = in.u16();
        String why = DesktopSizeDecoder.refusal(w, h);
        if (why != null) throw in.error(at, why);
        PixelFormat pf = PixelFormat.read(in);
        String name = in.text(MAX_NAME, "desktop name");
        return new ServerInit(w, h, pf, name);
    }
}
