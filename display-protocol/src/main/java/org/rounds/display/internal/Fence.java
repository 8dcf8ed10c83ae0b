package org.rounds.display.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** A Fence message (248, client or server) after its type byte: flags and a payload of at most 64 bytes. */
public record Fence(int flags, byte[] payload) {

    public boolean request() { return (flags & Messages.FENCE_REQUEST) != 0; }

    /** Reads one, naming {@code message} ("ServerFence", "ClientFence") in errors; the payload length is checked first. */
    public static Fence read(RfbInput in, String message) throws IOException {
        in.context(message, null);
        in.skip(3);
        int flags = in.s32();
        long at = in.offset();
        int length = in.u8();
        if (length > Messages.FENCE_MAX_PAYLOAD) throw in.error(at, "fence payload of " + length + " bytes exceeds " + Messages.FENCE_MAX_PAYLOAD);
        return new Fence(flags, in.bytes(length));
    }

    /** The whole message, type byte included. */
    public static byte[] message(int flags, byte[] payload) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(9 + payload.length);
            DataOutputStream d = new DataOutputStream(b);
            d.writeByte(Messages.SERVER_FENCE); // 248 both ways
            d.write(new byte[3]);
            d.writeInt(flags);
            d.writeByte(payload.length);
            d.write(payload);
            return b.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }
}
