package org.rounds.display.server;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.rounds.display.internal.VncAuth;

/**
 * One-time VNC passwords. A password admits exactly one viewer: the server checks a client's
 * DES response against every live password and consumes the one that matches. Thread-safe.
 */
public final class PasswordBook {
    private final List<String> live = new ArrayList<>();

    /** Adds a password that will admit one viewer. Only its first 8 bytes matter (VNC auth). */
    public synchronized void issue(String password) {
        if (password.isEmpty()) throw new IllegalArgumentException("an empty password admits anyone");
        live.add(password);
    }

    /** Forgets every unused password. */
    public synchronized void revokeAll() { live.clear(); }

    public synchronized int liveCount() { return live.size(); }

    /** True (and the password is consumed) when {@code response} answers {@code challenge} for a live password. */
    synchronized boolean consume(byte[] challenge, byte[] response) {
        for (Iterator<String> it = live.iterator(); it.hasNext(); ) {
            if (MessageDigest.isEqual(VncAuth.response(challenge, it.next()), response)) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
