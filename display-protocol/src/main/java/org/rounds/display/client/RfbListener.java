package org.rounds.display.client;

import java.util.Optional;

/**
 * Hears what happens on an {@link RfbSession}. Called on the session's reader thread: handlers
 * must be fast and must not throw.
 */
public interface RfbListener {
    /**
     * A FramebufferUpdate was fully decoded into the framebuffer. While later updates' bytes are
     * already at hand it may be told after they began decoding, never before its own pixels are in.
     */
    default void updateEnd() {}

    default void bell() {}

    /** @deprecated use {@link #clipboard}, which by default calls this. */
    @Deprecated
    default void serverCutText(String text) {}

    /**
     * The server's clipboard text changed: UTF-8 text through the Extended Clipboard when the
     * server speaks it, else Latin-1 ServerCutText. Line ends are "\n".
     */
    default void clipboard(String text) { serverCutText(text); }

    /** Keyboard LEDs of the remote session (QEMU LED state): bit 0 Scroll Lock, bit 1 Num Lock, bit 2 Caps Lock. */
    default void ledState(int leds) {}

    /** The server's pointer shape changed (Cursor, XCursor or CursorWithAlpha was asked for). */
    default void cursor(Cursor cursor) {}

    /** The server moved the pointer (PointerPos was asked for); framebuffer coordinates. */
    default void pointerPosition(int x, int y) {}

    /** The desktop was renamed (DesktopName was asked for). */
    default void desktopName(String name) {}

    /** The server answered {@link RfbSession#requestDesktopSize} (the framebuffer is already resized when it succeeded). */
    default void desktopSizeResult(DesktopSizeResult result) {}

    /** The session ended: empty when we closed it, otherwise why (server gone, protocol error). Called once. */
    default void closed(Optional<Throwable> cause) {}
}
