package org.rounds.client.ui;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.roaming.session.EndpointProfile;

/**
 * Clipboard text between the endpoint and the remote desktop, as the profile's policy allows:
 * {@code IN} takes the desktop's copies into the local clipboard, {@code OUT} offers the local
 * clipboard to the desktop when the session view gets focus or a paste key is pressed, {@code BOTH}
 * does both, {@code OFF} (kiosks) neither. Text from a session is wiped from the local clipboard
 * when the endpoint locks, when the desktop connection drops (the session may come back to
 * another user's tap) and when the app exits (a clipboard manager would keep it after us), so
 * the next clinician cannot paste the last one's notes.
 */
final class ClipboardBridge {
    /** The policy in force, read at each use: a profile pushed by the broker changes it at once. */
    private final java.util.function.Supplier<EndpointProfile.Clipboard> policy;
    private final RfbDesktopDisplay display;
    private String fromSession;   // what we put in the local clipboard, to recognise it at lock time

    ClipboardBridge(java.util.function.Supplier<EndpointProfile.Clipboard> policy, RfbDesktopDisplay display) {
        this.policy = policy;
        this.display = display;
        display.onClipboard(text -> FxThread.run(() -> receive(text)));
    }

    private boolean takesIn() {
        EndpointProfile.Clipboard p = policy.get();
        return p == EndpointProfile.Clipboard.IN || p == EndpointProfile.Clipboard.BOTH;
    }

    private boolean sendsOut() {
        EndpointProfile.Clipboard p = policy.get();
        return p == EndpointProfile.Clipboard.OUT || p == EndpointProfile.Clipboard.BOTH;
    }

    private void receive(String text) {
        if (!takesIn()) return;   // the policy may have changed since the bridge was made
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
        fromSession = text;
    }

    /** The session view got focus, or a paste key is about to reach the desktop (FX thread). */
    void offerLocal() {
        if (!sendsOut()) return;
        Clipboard cb = Clipboard.getSystemClipboard();
        if (cb.hasString() && !cb.getString().equals(fromSession)) display.sendClipboard(cb.getString());
    }

    /** The endpoint locked, reconnects or exits: the session's text leaves the local clipboard (FX thread). */
    void wipe() {
        Clipboard cb = Clipboard.getSystemClipboard();
        if (fromSession != null && cb.hasString() && cb.getString().equals(fromSession)) cb.clear();
        fromSession = null;
    }
}
