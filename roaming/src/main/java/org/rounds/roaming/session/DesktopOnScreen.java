package org.rounds.roaming.session;

import org.rounds.broker.api.OneLine;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import org.rounds.broker.api.DesktopAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's screen and the one desktop session open on it, for the {@link EndpointMachine}
 * that owns it. {@link #clearAndClose()} clears before it closes, so no frame of a session let go
 * stays on screen; a session's own drop reaches the machine only while it is still the one open.
 * Endpoint thread only.
 */
final class DesktopOnScreen {
    // The machine's logger: one endpoint's story stays in one log.
    private static final Logger log = LoggerFactory.getLogger(RoamingEndpoint.class);

    private final String endpointId;
    private final DesktopDisplay display;
    private final Screen screen;
    /** Queues an input on the endpoint thread (for display sessions reporting from their own threads). */
    private final Consumer<Runnable> inbox;
    private DisplaySession session;
    /** Identifies the current display session, so a late "connection lost" of an old one is ignored. */
    private Object sessionToken;

    DesktopOnScreen(String endpointId, DesktopDisplay display, Screen screen, Consumer<Runnable> inbox) {
        this.endpointId = endpointId;
        this.display = display;
        this.screen = screen;
        this.inbox = inbox;
    }

    /**
     * Opens the desktop as the session shown; if it later drops by itself, {@code lost} is told on
     * the endpoint thread. Empty once the desktop shows; otherwise one line saying why not.
     */
    Optional<String> open(DesktopAddress desktop, Consumer<String> lost) {
        Object token = new Object();
        sessionToken = token;
        try {
            session = display.connect(desktop, reason -> inbox.accept(() -> {
                if (token == sessionToken) lost.accept(reason); // else an old session we already closed
            }));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            sessionToken = null;
            return Optional.of(OneLine.of(e));
        }
    }

    /** Clears the screen, then closes the session shown (if any); neither failure stops the other. */
    void clearAndClose() {
        try {
            screen.clear();
        } catch (RuntimeException e) {
            log.error("{}: clearing the screen failed", endpointId, e);
        }
        DisplaySession s = session;
        session = null;
        sessionToken = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("{}: closing the display session failed: {}", endpointId, e.toString());
            }
        }
    }

}
