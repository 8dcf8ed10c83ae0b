package org.rounds.display.client;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rounds.display.internal.Messages;
import org.rounds.display.internal.PixelFormat;

/**
 * One write method per client-to-server message; thread-safe, each message flushed whole, at once,
 * or, within {@link #together}, with the others of its batch.
 */
final class ClientWriter {
    private final DataOutputStream out;
    /** True while the thread holding this monitor runs a batch: its messages are flushed at the batch's end. */
    private boolean batching;

    ClientWriter(DataOutputStream out) { this.out = out; }

    /**
     * Runs {@code messages} (this writer's methods, on this thread) and flushes what they wrote
     * once, at the end: one TLS record instead of one per message (a key's press and release, 38
     * bytes on the wire instead of 60; through a gateway's tunnel one WebSocket frame and one outer
     * TLS record instead of two). Other threads' messages wait until the batch is flushed.
     */
    synchronized void together(Batch messages) throws IOException {
        if (batching) {   // nested: the outer batch flushes
            messages.run();
            return;
        }
        batching = true;
        try {
            messages.run();
        } finally {
            batching = false;
            out.flush();
        }
    }

    /** Writes of one batch. */
    interface Batch { void run() throws IOException; }

    private void endMessage() throws IOException {
        if (!batching) out.flush();
    }

    synchronized void setPixelFormat(PixelFormat pf) throws IOException {
        out.writeByte(0);
        out.write(new byte[3]);
        pf.write(out);
        endMessage();
    }

    synchronized void setEncodings(List<Integer> encodings) throws IOException {
        out.writeByte(2);
        out.writeByte(0);
        out.writeShort(encodings.size());
        for (int e : encodings) out.writeInt(e);
        endMessage();
    }

    synchronized void updateRequest(boolean incremental, int x, int y, int w, int h) throws IOException {
        out.writeByte(3);
        out.writeByte(incremental ? 1 : 0);
        out.writeShort(x);
        out.writeShort(y);
        out.writeShort(w);
        out.writeShort(h);
        endMessage();
    }

    synchronized void keyEvent(int keysym, boolean down) throws IOException {
        out.writeByte(4);
        out.writeByte(down ? 1 : 0);
        out.writeShort(0);
        out.writeInt(keysym);
        endMessage();
    }

    synchronized void pointerEvent(int x, int y, int buttons) throws IOException {
        out.writeByte(5);
        out.writeByte(buttons);
        out.writeShort(Math.max(0, Math.min(0xFFFF, x)));
        out.writeShort(Math.max(0, Math.min(0xFFFF, y)));
        endMessage();
    }

    synchronized void clientCutText(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1); // RFB cut text is Latin-1
        out.writeByte(6);
        out.write(new byte[3]);
        out.writeInt(b.length);
        out.write(b);
        endMessage();
    }

    /** SetDesktopSize (251): the whole framebuffer size and each screen's place in it. */
    synchronized void setDesktopSize(int w, int h, List<ExtendedDesktopSizeDecoder.Screen> screens) throws IOException {
        out.writeByte(251);
        out.writeByte(0);
        out.writeShort(w);
        out.writeShort(h);
        out.writeByte(screens.size());
        out.writeByte(0);
        for (ExtendedDesktopSizeDecoder.Screen s : screens) {
            out.writeInt(s.id());
            out.writeShort(s.x());
            out.writeShort(s.y());
            out.writeShort(s.width());
            out.writeShort(s.height());
            out.writeInt(s.flags());
        }
        endMessage();
    }

    /** EnableContinuousUpdates (150) for one area, or disable. */
    synchronized void enableContinuousUpdates(boolean enable, int x, int y, int w, int h) throws IOException {
        out.writeByte(Messages.ENABLE_CONTINUOUS_UPDATES);
        out.writeByte(enable ? 1 : 0);
        out.writeShort(x);
        out.writeShort(y);
        out.writeShort(w);
        out.writeShort(h);
        endMessage();
    }

    /** ClientFence (248): flags and up to 64 payload bytes. */
    synchronized void clientFence(int flags, byte[] payload) throws IOException {
        out.writeByte(Messages.CLIENT_FENCE);
        out.write(new byte[3]);
        out.writeInt(flags);
        out.writeByte(payload.length);
        out.write(payload);
        endMessage();
    }

    /** Extended clipboard: ClientCutText with a negative length covering the flags and data. */
    synchronized void extendedClipboard(int flags, byte[] data) throws IOException {
        out.writeByte(Messages.CLIENT_CUT_TEXT);
        out.write(new byte[3]);
        out.writeInt(-(4 + data.length));
        out.writeInt(flags);
        out.write(data);
        endMessage();
    }

    /** QEMU extended key event (255, sub-type 0): the keysym and the XT scancode (0xE0-prefixed keys as 0x80 | code). */
    synchronized void qemuKeyEvent(boolean down, int keysym, int scancode) throws IOException {
        out.writeByte(Messages.QEMU_CLIENT_MESSAGE);
        out.writeByte(Messages.QEMU_EXTENDED_KEY_EVENT);
        out.writeShort(down ? 1 : 0);
        out.writeInt(keysym);
        out.writeInt(scancode);
        endMessage();
    }
}
