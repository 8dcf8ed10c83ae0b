package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.RfbAuthException;
import org.rounds.display.internal.RfbInput;
import org.rounds.display.internal.VncAuth;

/**
 * The server's half of a recorded handshake, read without a client to answer it. A recording
 * holds only what the server sent, so when a 3.7/3.8 server offered both None and VNC
 * authentication, the bytes after the list tell which one the recording client chose: a
 * 3.8 None is followed at once by a zero SecurityResult, VNC authentication by a 16-byte
 * challenge and then a zero result (TightVNC's player skips the challenge the same way).
 * Recordings of TLS security types cannot be replayed: their bytes are encrypted.
 */
final class ReplayHandshake {
    private ReplayHandshake() {}

    static ServerInit read(RfbInput in) throws IOException {
        int minor = ClientHandshake.readVersion(in);
        in.context("Security", null);
        int type;
        if (minor == 3) {
            long at = in.offset();
            type = in.s32();
            if (type == 0) throw new RfbAuthException("the recorded server refused the connection: " + in.reason(ClientHandshake.MAX_REASON));
            check(in, at, type);
        } else {
            int n = in.u8();
            if (n == 0) throw new RfbAuthException("the recorded server refused the connection: " + in.reason(ClientHandshake.MAX_REASON));
            long at = in.offset();
            byte[] types = in.bytes(n);
            type = chosen(in, types, minor);
            check(in, at, type);
        }
        if (type == ClientHandshake.SECURITY_VNC_AUTH) in.skip(VncAuth.CHALLENGE_LENGTH);
        if (type == ClientHandshake.SECURITY_VNC_AUTH || minor == 8) {
            in.context("SecurityResult", null);
            long result = in.u32();
            if (result != 0) throw new RfbAuthException("the recorded session failed authentication");
        }
        return ClientHandshake.readServerInit(in);
    }

    private static int chosen(RfbInput in, byte[] types, int minor) throws IOException {
        boolean none = false, vnc = false;
        for (byte t : types) {
            none |= t == ClientHandshake.SECURITY_NONE;
            vnc |= t == ClientHandshake.SECURITY_VNC_AUTH;
        }
        if (none && vnc) {
            byte[] next = in.peek(20);
            if (minor == 8) return isZero(next, 0) ? ClientHandshake.SECURITY_NONE : ClientHandshake.SECURITY_VNC_AUTH;
            // 3.7: None goes straight to ServerInit; VNC auth's result (zero) follows its challenge.
            return next.length == 20 && isZero(next, 16) ? ClientHandshake.SECURITY_VNC_AUTH : ClientHandshake.SECURITY_NONE;
        }
        if (none) return ClientHandshake.SECURITY_NONE;
        if (vnc) return ClientHandshake.SECURITY_VNC_AUTH;
        return types.length == 0 ? 0 : types[0] & 0xFF;
    }

    private static boolean isZero(byte[] b, int from) {
        if (b.length < from + 4) return false;
        for (int i = from; i < from + 4; i++) if (b[i] != 0) return false;
        return true;
    }

    private static void check(RfbInput in, long at, int type) throws IOException {
        if (type != ClientHandshake.SECURITY_NONE && type != ClientHandshake.SECURITY_VNC_AUTH)
            throw in.error(at, "the recording uses security type " + type + "; only None and VNC authentication recordings can be replayed");
    }
}
