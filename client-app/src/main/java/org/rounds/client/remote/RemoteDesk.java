package org.rounds.client.remote;

import java.io.IOException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.OneLine;
import org.rounds.broker.api.RemoteSignIn;
import org.rounds.broker.api.RemoteSignInAnswer;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.RemoteGateway;
import org.rounds.roaming.session.DisplaySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A doctor's desktop from outside the hospital: signs in at the gateway and shows the desktop
 * through its tunnel on {@code display}. When the desktop goes (taken over by a tap inside, the
 * tunnel cut, signed out) the screen is cleared first, then {@code ended} hears one line why.
 * No JavaFX here: the view calls {@link #signIn} off the FX thread.
 */
public final class RemoteDesk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteDesk.class);

    private final RemoteGateway gateway;
    private final String gatewayName;
    private final RfbDesktopDisplay display;
    private final String deviceId;
    private final Consumer<String> ended;
    private volatile DisplaySession shown;

    /**
     * {@code gatewayName} is "host:port" for messages; {@code deviceId} names this device to the
     * brokers across its sign-ins.
     */
    public RemoteDesk(RemoteGateway gateway, String gatewayName, RfbDesktopDisplay display, String deviceId, Consumer<String> ended) {
        this.gateway = Objects.requireNonNull(gateway);
        this.gatewayName = Objects.requireNonNull(gatewayName);
        this.display = Objects.requireNonNull(display);
        this.deviceId = Objects.requireNonNull(deviceId);
        this.ended = Objects.requireNonNull(ended);
    }

    /**
     * Signs in and shows the desktop; returns the user's display name once its first frame is
     * on screen. Throws with one line to show (wrong password or code, refused, unreachable).
     */
    public String signIn(String userId, String password, String code) throws IOException {
        if (!code.matches("[0-9]{6}")) throw new IOException("the code is the 6 digits your authenticator app shows now");
        RemoteSignInAnswer a;
        try {
            a = gateway.signIn(new RemoteSignIn(userId, password, code, deviceId, UUID.randomUUID().toString()));
        } catch (BrokerException e) {
            throw new IOException(OneLine.of(e), e);
        }
        int colon = gatewayName.lastIndexOf(':');
        DesktopAddress address = new DesktopAddress(gatewayName.substring(0, colon), Integer.parseInt(gatewayName.substring(colon + 1)),
                a.password(), a.pin());
        DisplaySession previous = shown;
        shown = display.connect(address, timeout -> gateway.openTunnel(a.tunnelTicket(), timeout), why -> end("The desktop connection was lost: " + why));
        if (previous != null) previous.close();
        log.info("remote desktop of {} shown through {} (generation {})", a.userId(), gatewayName, a.generation());
        return a.displayName();
    }

    /** Whether a desktop is shown now: false once it went, even before {@code ended} was heard. */
    public boolean showing() { return shown != null; }

    /** Clears the screen and closes the tunnel (the session keeps running on its host). */
    public void signOut() { end("Signed out"); }

    private void end(String why) {
        DisplaySession s = shown;
        shown = null;
        display.clear(); // every pixel goes before anything else happens
        if (s != null) s.close();
        ended.accept(why);
    }

    @Override
    public void close() {
        DisplaySession s = shown;
        shown = null;
        display.clear();
        if (s != null) s.close();
        gateway.close();
    }
}
