package org.rounds.display.client;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.rounds.display.RfbAuthException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;
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

    private final RfbInput in;
    private final DataOutputStream out;
    private int minor;

    ClientHandshake(RfbInput in, DataOutputStream out) {
        this.in = in;
        this.out = out;
    }

    ServerInit run(Optional<String> password, boolean shared) throws IOException {
        version();
        security(password);
        return init(shared);
    }

    int minorVersion() { return minor; }

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

    private void security(Optional<String> password) throws IOException {
        in.context("Security", null);
        int type;
        if (minor == 3) {
            long at = in.offset();
            type = in.s32();
            if (type == 0) throw new RfbAuthException("server refused the connection: " + in.text(MAX_REASON, "reason"));
            if (type != SECURITY_NONE && type != SECURITY_VNC_AUTH) throw in.error(at, "unsupported security type " + type);
        } else {
            int n = in.u8();
            if (n == 0) throw new RfbAuthException("server refused the connection: " + in.text(MAX_REASON, "reason"));
            byte[] types = in.bytes(n);
            type = choose(types, password.isPresent());
            if (type < 0) throw new RfbAuthException("no common security type (server offers " + describe(types) + ")");
            out.writeByte(type);
            out.flush();
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
            String reason = minor >= 8 ? in.text(MAX_REASON, "reason") : "authentication failed";
            throw new RfbAuthException("server refused authentication: " + reason);
        }
    }

    /** VNC auth when we have a password and it is offered, else None. */
    private static int choose(byte[] types, boolean havePassword) {
        boolean none = false, vnc = false;
        for (byte t : types) {
            none |= t == SECURITY_NONE;
            vnc |= t == SECURITY_VNC_AUTH;
        }
        if (vnc && havePassword) return SECURITY_VNC_AUTH;
        if (none) return SECURITY_NONE;
        return vnc ? SECURITY_VNC_AUTH : -1;
    }

    private static String describe(byte[] types) {
        StringBuilder b = new StringBuilder();
        for (byte t : types) b.append(b.length() == 0 ? "" : ", ").append(t & 0xFF);
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
        if (w < 1 || h < 1 || w > DesktopSizeDecoder.MAX_SIDE || h > DesktopSizeDecoder.MAX_SIDE)
            throw in.error(at, "framebuffer size " + w + "x" + h + " is outside 1.." + DesktopSizeDecoder.MAX_SIDE);
        PixelFormat pf = PixelFormat.read(in);
        String name = in.text(MAX_NAME, "desktop name");
        return new ServerInit(w, h, pf, name);
    }
}
