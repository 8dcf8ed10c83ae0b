package org.rounds.display.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.Fence;
import org.rounds.display.internal.Messages;
import org.rounds.display.internal.RfbInput;

/**
 * The server's half of ContinuousUpdates and Fence, as TigerVNC's VNCSConnectionST speaks them.
 * A viewer that lists the pseudo-encodings is told we support them (EndOfContinuousUpdates, and
 * a ServerFence request); EnableContinuousUpdates then makes every change go out unasked, and
 * coalesced as ever when the viewer is slow; a ClientFence request is answered in order after
 * the updates before it, which is what BlockBefore asks. Control messages are queued here by the
 * reader thread and written by the writer thread between updates.
 */
final class ServerFlow {
    private static final int SUPPORTED = Messages.FENCE_BLOCK_BEFORE | Messages.FENCE_BLOCK_AFTER | Messages.FENCE_SYNC_NEXT;

    private final DamageTracker tracker;
    private final Queue<byte[]> control = new ConcurrentLinkedQueue<>();
    private boolean fenceAnnounced, continuousAnnounced;

    ServerFlow(DamageTracker tracker) { this.tracker = tracker; }

    /** SetEncodings: announces what the viewer newly lists. */
    void encodings(List<Integer> list) throws IOException {
        if (list.contains(Encodings.CONTINUOUS_UPDATES) && !continuousAnnounced) {
            continuousAnnounced = true;
            queue(new byte[] {(byte) Messages.END_OF_CONTINUOUS_UPDATES});
        }
        if (list.contains(Encodings.FENCE) && !fenceAnnounced) {
            fenceAnnounced = true;
            queue(Fence.message(Messages.FENCE_REQUEST | SUPPORTED, new byte[0]));
        }
    }

    /** EnableContinuousUpdates (150) after its type byte. Disabling is confirmed with EndOfContinuousUpdates. */
    void enableContinuousUpdates(RfbInput in) throws IOException {
        in.context("EnableContinuousUpdates", null);
        boolean enable = in.u8() != 0;
        in.skip(8); // the area: we push changes anywhere on the screen, which covers it
        tracker.continuous(enable);
        if (!enable) queue(new byte[] {(byte) Messages.END_OF_CONTINUOUS_UPDATES});
    }

    /** ClientFence (248) after its type byte: a request is answered with the flags we honour and the same payload. */
    void clientFence(RfbInput in) throws IOException {
        Fence fence = Fence.read(in, "ClientFence");
        if (fence.request()) queue(Fence.message(fence.flags() & SUPPORTED, fence.payload()));
    }

    /** Writes the queued control messages (writer thread, between updates). */
    void drain(OutputStream out) throws IOException {
        for (byte[] m; (m = control.poll()) != null; ) out.write(m);
    }

    /** Queues a message for the viewer, written between updates (the clipboard's too). */
    void queue(byte[] message) {
        control.add(message);
        tracker.controlPending();
    }

}
