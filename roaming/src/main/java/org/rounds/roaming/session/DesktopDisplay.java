package org.rounds.roaming.session;

import java.io.IOException;
import org.rounds.broker.api.DesktopAddress;

/** The port that shows a remote desktop (the client app implements it over RFB). */
@FunctionalInterface
public interface DesktopDisplay {

    /**
     * Connects to the desktop; returns once the display shows its first complete frame, so a
     * session is "connected" only when it has proved itself.
     *
     * @param listener told (on any thread) when the session drops by itself later
     * @throws IOException the desktop could not be reached or refused the password; nothing
     *         is left open
     */
    DisplaySession connect(DesktopAddress address, DisplaySession.Listener listener) throws IOException;
}
