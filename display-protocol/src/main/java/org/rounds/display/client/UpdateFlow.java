package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.Fence;
import org.rounds.display.internal.Messages;

/**
 * How the client keeps updates coming, as TigerVNC's CConnection does. By default one
 * incremental FramebufferUpdateRequest is in flight: a new one goes out when an update ends.
 * When the server has shown it supports both Fence (by sending a ServerFence) and
 * ContinuousUpdates (by sending EndOfContinuousUpdates once we listed it), the client enables
 * continuous updates for the whole screen and stops requesting: the server pushes changes and
 * paces itself with fences, which we answer once what came before them is decoded. A later
 * EndOfContinuousUpdates means the server stopped them, and requesting resumes.
 */
final class UpdateFlow {
    private final ClientWriter writer;
    private boolean serverFences;
    private boolean serverContinuous;
    private volatile boolean continuous;

    UpdateFlow(ClientWriter writer) { this.writer = writer; }

    /** True while the server pushes updates without requests. */
    boolean continuous() { return continuous; }

    /**
     * Answers a ServerFence (read by the caller) with the same payload and the block flags we
     * honour: the caller runs this once every message before the fence has taken effect
     * (BlockBefore), and reads nothing after it meanwhile when it asks BlockAfter.
     */
    void serverFence(Fence fence, Framebuffer fb) throws IOException {
        if (fence.request()) writer.clientFence(fence.flags() & (Messages.FENCE_BLOCK_BEFORE | Messages.FENCE_BLOCK_AFTER), fence.payload());
        serverFences = true;
        maybeStart(fb);
    }

    /** EndOfContinuousUpdates (150): the server's announcement the first time, its stop after we enabled them. */
    void endOfContinuousUpdates(Framebuffer fb) throws IOException {
        if (continuous) {
            continuous = false;
            writer.updateRequest(true, 0, 0, fb.width(), fb.height());
            return;
        }
        serverContinuous = true;
        maybeStart(fb);
    }

    /** After each FramebufferUpdate: ask for the next one unless the server pushes them. */
    void updateEnded(boolean resized, Framebuffer fb) throws IOException {
        if (!continuous) {
            writer.updateRequest(!resized, 0, 0, fb.width(), fb.height());
        } else if (resized) { // the continuous area was the old screen: cover the new one, and get all of it once
            writer.enableContinuousUpdates(true, 0, 0, fb.width(), fb.height());
            writer.updateRequest(false, 0, 0, fb.width(), fb.height());
        }
    }

    private void maybeStart(Framebuffer fb) throws IOException {
        if (continuous || !serverFences || !serverContinuous) return;
        continuous = true;
        writer.enableContinuousUpdates(true, 0, 0, fb.width(), fb.height());
    }
}
