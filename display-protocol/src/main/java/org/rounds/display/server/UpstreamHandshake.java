package org.rounds.display.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.rounds.display.internal.VncAuth;

/** The gateway's client half towards the server it fronts; shared by {@link RfbGateway} and {@link DesktopPort}. */
final class UpstreamHandshake {
    private static final int MAX_REASON = 4096;

    private UpstreamHandshake() {}

    /** The client half of the upstream handshake: RFB 3.8 with security None, or VNC authentication with the upstream's password. */
    static void run(RfbGateway.Connection up) throws IOException {
        DataInputStream in = new DataInputStream(up.in());
        byte[] version = in.readNBytes(12);
        String v = new String(version, StandardCharsets.US_ASCII);
        if (!v.matches("RFB 003\\.\\d{3}\n")) throw new IOException("upstream is not an RFB 3.x server (\"" + v.strip() + "\")");
        int minor = Math.min(8, Integer.parseInt(v.substring(8, 11)));
        minor = minor >= 7 ? minor : 3;
        boolean v33 = minor == 3;
        up.out().write(String.format("RFB 003.%03d\n", minor).getBytes(StandardCharsets.US_ASCII));
        up.out().flush();
        int type;
        if (v33) {
            type = in.readInt();
            if (type == 0) throw new IOException("upstream refused: " + reason(in));
        } else {
            int n = in.readUnsignedByte();
            if (n == 0) throw new IOException("upstream refused: " + reason(in));
            boolean none = false, vnc = false;
            for (byte t : in.readNBytes(n)) {
                none |= t == 1;
                vnc |= t == 2;
            }
            type = none ? 1 : vnc && up.password() != null ? 2 : -1;
            if (type < 0) throw new IOException("upstream offers neither None nor VNC authentication with a configured password");
            up.out().write(type);
            up.out().flush();
        }
        if (type == 2) {
            if (up.password() == null) throw new IOException("upstream asks a VNC password and none is configured");
            byte[] challenge = in.readNBytes(VncAuth.CHALLENGE_LENGTH);
            up.out().write(VncAuth.response(challenge, up.password()));
            up.out().flush();
        } else if (type != 1) {
            throw new IOException("upstream chose security type " + type);
        }
        if ((type == 2 || minor == 8) && in.readInt() != 0)
            throw new IOException("upstream refused" + (minor == 8 ? ": " + reason(in) : ""));
    }

    private static String reason(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_REASON) return "(no reason)";
        return new String(in.readNBytes(len), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}+", " ");
    }

}
