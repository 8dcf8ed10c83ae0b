package org.rounds.host;

import java.net.InetAddress;
import java.util.function.IntSupplier;
import org.rounds.display.server.PasswordBook;
import org.rounds.display.server.ServerSecurity;
import org.rounds.broker.api.DesktopAddress;

/**
 * The way viewers get into one desktop, whichever pool serves it: one-time VNC passwords, and
 * the hand-over rule that keeps a session on one endpoint: every earlier password is revoked
 * and every viewer it admitted is cut before a new password exists.
 */
final class DesktopDoor {
    private final PasswordBook passwords = new PasswordBook();
    private final InetAddress host;
    private IntSupplier port;
    private Runnable cutViewers;

    DesktopDoor(InetAddress host) { this.host = host; }

    /** What the desktop's server (or gateway) admits viewers with. */
    ServerSecurity security() { return ServerSecurity.oneTimePasswords(passwords); }

    /** Connects the door to its server once that is listening. */
    DesktopDoor serving(IntSupplier port, Runnable cutViewers) {
        this.port = port;
        this.cutViewers = cutViewers;
        return this;
    }

    /** A fresh one-time password, after every earlier one is revoked and its viewers are gone. */
    synchronized DesktopAddress handOver() {
        shutOut();
        String password = VncPasswords.random();
        passwords.issue(password);
        return new DesktopAddress(host.getHostAddress(), port.getAsInt(), password);
    }

    /** No earlier password admits again, and every viewer it admitted is gone when this returns. */
    synchronized void shutOut() {
        passwords.revokeAll();
        cutViewers.run();
    }
}
