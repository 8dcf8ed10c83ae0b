package org.rounds.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The server's part of an RFB 3.8 handshake toward the outside device, when the gateway ended the
 * desktop's TLS: ProtocolVersion, the one security type None (the device proved who it is with
 * its sign-in and ticket, and the public port's TLS protects the stream), SecurityResult OK, then
 * the host's own ServerInit once the device's ClientInit came. Fed the tunnel's frames as they
 * arrive, whatever their boundaries; it holds at most the 14 bytes a device sends before
 * ClientInit, and what follows ClientInit goes to the host as it is.
 */
final class OutsideHandshake {
    private static final byte[] VERSION_38 = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte SECURITY_NONE = 1;

    /** The device broke the handshake: the close frame's one line. */
    static final class Refusal extends Exception {
        Refusal(String message) { super(message, null, false, false); }
    }

    /** What to send the device now, whether the relay begins, and the bytes after ClientInit. */
    record Step(byte[] answer, boolean done, byte[] rest) {}

    private enum Phase { VERSION, SECURITY, CLIENT_INIT, DONE }

    private final byte[] serverInit;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(16);
    private Phase phase = Phase.VERSION;

    OutsideHandshake(byte[] serverInit) {
        this.serverInit = serverInit.clone();
    }

    /** What the gateway sends first, as a server does on accept. */
    byte[] first() {
        return VERSION_38.clone();
    }

    /** Takes one frame's bytes (Jetty's thread, one frame at a time). */
    synchronized Step take(byte[] data, int offset, int length) throws Refusal {
        if (phase == Phase.DONE) throw new IllegalStateException("the outside handshake is over");
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        while (phase != Phase.DONE) {
            int need = switch (phase) {
                case VERSION -> 12;
                case SECURITY, CLIENT_INIT -> 1;
                case DONE -> 0;
            };
            while (held.size() < need && in.hasRemaining()) held.write(in.get());
            if (held.size() < need) return new Step(answer.toByteArray(), false, new byte[0]);
            byte[] got = held.toByteArray();
            held.reset();
            switch (phase) {
                case VERSION -> {
                    if (!Arrays.equals(got, VERSION_38)) throw new Refusal("the outside device does not speak RFB 3.8 through this gateway");
                    answer.writeBytes(new byte[] {1, SECURITY_NONE});
                    phase = Phase.SECURITY;
                }
                case SECURITY -> {
                    if (got[0] != SECURITY_NONE) throw new Refusal("the outside device chose security type " + (got[0] & 0xFF)
                            + ", the gateway offers None only");
                    answer.writeBytes(new byte[] {0, 0, 0, 0});
                    phase = Phase.CLIENT_INIT;
                }
                case CLIENT_INIT -> {
                    // the shared flag is the gateway's to give the host, and it gave it already
                    answer.writeBytes(serverInit);
                    phase = Phase.DONE;
                }
                case DONE -> throw new IllegalStateException("unreachable");
            }
        }
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        return new Step(answer.toByteArray(), true, rest);
    }
}
