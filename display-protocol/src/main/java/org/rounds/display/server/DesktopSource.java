package org.rounds.display.server;

import org.rounds.display.Framebuffer;

/**
 * What an {@link RfbServer} serves. Renderers write pixels under {@code synchronized (framebuffer)}
 * and then call {@code damage(...)}; the server copies damaged rectangles under that lock and
 * encodes them outside it. Input callbacks run on a viewer's reader thread and must be fast.
 */
public interface DesktopSource {
    Framebuffer framebuffer();

    /** Desktop name sent in ServerInit. */
    String name();

    void keyEvent(int keysym, boolean down);

    void pointerEvent(int x, int y, int buttons);

    default void clientCutText(String text) {}

    /** The pointer shape viewers that take the Cursor pseudo-encoding draw themselves; null: none (they draw their own). */
    default CursorShape cursorShape() { return null; }
}
