package org.rounds.client.remote;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.OneLine;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.RemoteSignIn;
import org.rounds.broker.api.RemoteSignInAnswer;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.BrokerRejectedException;
import org.rounds.roaming.client.RemoteGateway;
import org.rounds.roaming.session.DisplaySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A doctor's desktop from outside the hospital: signs in at the gateway and shows the desktop
 * through its tunnel on {@code display}. When the tunnel drops, the screen is cleared at once and
 * the session is asked back without a new sign-in (a home Wi-Fi that drops for seconds, as
 * inside endpoints do with their reconnect token); the broker refuses if the session moved (a
 * tap inside took it), and then the device shows the sign-in form with the broker's line.
 * No JavaFX here: the view calls {@link #signIn} off the FX thread.
 */
public final class RemoteDesk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteDesk.class);
    /** How long a dropped tunnel is tried again before the sign-in form comes back (the issue: a 10 s Wi-Fi drop). */
    static final Duration RECONNECT_FOR = Duration.ofSeconds(30);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    /** The gateway dials the host, and in gateway mode runs its RFB handshake, before it answers: 3 s each at most. */
    private static final Duration TUNNEL_OPEN = Duration.ofSeconds(7);

    /** What the view hears; any thread, must not block. */
    public interface Listener {
        /** The desktop of {@code displayName} is on screen (after a sign-in or a reconnect). */
        void shown(String displayName);

        /** The screen was cleared; the session is being asked back. */
        void reconnecting(String why);

        /** The screen was cleared and the session is gone from this device: sign in again. */
        void ended(String why);
    }

    private record Held(String userId, String displayName, long generation, String reconnectToken, DisplaySession display) {}

    private final RemoteGateway gateway;
    private final String gatewayName;
    private final RfbDesktopDisplay display;
    private final String deviceId;
    private final Listener listener;
    private final Duration reconnectFor;
    private volatile Held held;

    /**
     * {@code gatewayName} is "host:port" for messages; {@code deviceId} names this device to the
     * brokers across its sign-ins.
     */
    public RemoteDesk(RemoteGateway gateway, String gatewayName, RfbDesktopDisplay display, String deviceId, Listener listener) {
        this(gateway, gatewayName, display, deviceId, listener, RECONNECT_FOR);
    }

    RemoteDesk(RemoteGateway gateway, String gatewayName, RfbDesktopDisplay display, String deviceId, Listener listener, Duration reconnectFor) {
        this.gateway = Objects.requireNonNull(gateway);
        this.gatewayName = Objects.requireNonNull(gatewayName);
        this.display = Objects.requireNonNull(display);
        this.deviceId = Objects.requireNonNull(deviceId);
        this.listener = Objects.requireNonNull(listener);
        this.reconnectFor = reconnectFor;
    }

    /**
     * Signs in and shows the desktop; {@link Listener#shown} hears it once its first frame is on
     * screen. Throws with one line to show (wrong password or code, refused, unreachable).
     */
    public void signIn(String userId, String password, String code) throws IOException {
        if (!code.matches("[0-9]{6}")) throw new IOException("the code is the 6 digits your authenticator app shows now");
        RemoteSignInAnswer a;
        try {
            a = gateway.signIn(new RemoteSignIn(userId, password, code, deviceId, UUID.randomUUID().toString()));
        } catch (BrokerException e) {
            throw new IOException(OneLine.of(e), e);
        }
        show(a, a.reconnectToken());
    }

    /** Whether a desktop is held now (shown, or being asked back after a drop). */
    public boolean showing() { return held != null; }

    /** Clears the screen and closes the tunnel (the session keeps running on its host). */
    public void signOut() { end("Signed out"); }

    private void show(RemoteSignInAnswer a, String reconnectToken) throws IOException {
        int colon = gatewayName.lastIndexOf(':');
        DesktopAddress address = new DesktopAddress(gatewayName.substring(0, colon), Integer.parseInt(gatewayName.substring(colon + 1)),
                a.password(), a.pin());
        Held[] mine = new Held[1];
        String[] lostEarly = new String[1];   // a drop heard before connect returned: handled once the session is held
        // The tunnel opens first: its answer, over the gateway's TLS, says whether the desktop's TLS ends there.
        RemoteGateway.OpenTunnel tunnel = gateway.openDesktopTunnel(a.tunnelTicket(), TUNNEL_OPEN);
        DisplaySession d;
        try {
            d = display.connect(address, tunnel.desktopTls(), timeout -> tunnel.socket(), why -> {
                synchronized (mine) {
                    if (mine[0] == null) {
                        lostEarly[0] = why;
                        return;
                    }
                }
                dropped(mine[0], why);
            });
        } catch (IOException | RuntimeException e) {
            tunnel.socket().close();
            throw e;
        }
        Held h = new Held(a.userId(), a.displayName(), a.generation(), a.reconnectToken().isEmpty() ? reconnectToken : a.reconnectToken(), d);
        String early;
        synchronized (mine) {
            mine[0] = h;
            held = h;
            early = lostEarly[0];
        }
        log.info("remote desktop of {} shown through {} (generation {})", a.userId(), gatewayName, a.generation());
        listener.shown(a.displayName());
        if (early != null) dropped(h, early);
    }

    /** The tunnel or the desktop went: blank now, then ask for the session back on another thread. */
    private void dropped(Held lost, String why) {
        if (lost == null || held != lost) return; // signed out, or an older session's late news
        display.clear(); // not one pixel stays while the session is asked back
        listener.reconnecting(why);
        Thread t = new Thread(() -> reconnect(lost, why), "rounds-remote-reconnect");
        t.setDaemon(true);
        t.start();
    }

    private void reconnect(Held lost, String why) {
        long until = System.nanoTime() + reconnectFor.toNanos();
        String last = why;
        while (held == lost && System.nanoTime() - until < 0) {
            try {
                RemoteSignInAnswer a = gateway.reconnect(new ReconnectRequest(deviceId, lost.userId(), lost.generation(), lost.reconnectToken()));
                if (held != lost) return; // signed out meanwhile
                show(a, lost.reconnectToken());
                log.info("remote desktop of {} back after: {}", lost.userId(), why);
                return;
            } catch (BrokerRejectedException e) {
                if (held == lost) end(OneLine.of(e)); // the session moved or the window passed: the broker says which
                return;
            } catch (IOException e) {
                last = OneLine.of(e);
                sleep(RETRY_EVERY);
            }
        }
        if (held == lost) end("The desktop connection was lost: " + last);
    }

    private void end(String why) {
        release();
        listener.ended(why);
    }

    /** Clears the screen (every pixel goes before anything else happens) and closes the tunnel. */
    private void release() {
        Held h = held;
        held = null;
        display.clear();
        if (h != null) h.display().close();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        gateway.close();
    }
}
