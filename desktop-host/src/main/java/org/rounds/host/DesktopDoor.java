package org.rounds.host;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.display.server.DesktopPort;
import org.rounds.display.server.PasswordBook;

/**
 * The way viewers get into one desktop, whichever pool serves it: its door on the host's one
 * {@link HostPort}, one-time VNC passwords that expire {@link DesktopPool#CREDENTIAL_LIFETIME}
 * unused, and the hand-over rule that keeps a session on one endpoint: every earlier password
 * is revoked and every viewer it admitted is cut before a new password exists. The port tells
 * it when viewers leave, so the door also knows since when nobody has watched ({@link #vacantSince}).
 */
final class DesktopDoor {
    private final PasswordBook passwords;
    private final HostPort port;
    private final Clock clock;
    private final DesktopPort.Door door;
    // Written by viewer threads while shutOut may hold this door's lock waiting for them: never synchronized.
    private volatile Instant vacantSince;

    DesktopDoor(HostPort port, String name, DesktopPort.Destination destination, Clock clock) {
        this.port = port;
        this.clock = clock;
        this.passwords = new PasswordBook(clock, DesktopPool.CREDENTIAL_LIFETIME);
        this.door = port.open(name, passwords, destination);
        door.onViewerLeft(this::viewerLeft);
    }

    /** A fresh random one-time password, after every earlier one is revoked and its viewers are gone. */
    synchronized DesktopAddress handOver() {
        shutOut();
        synchronized (port) { // two desktops must not both find one password free and both take it
            String password;
            do password = VncPasswords.random(); while (port.passwordLive(password));
            return issue(password);
        }
    }

    /**
     * {@code password} (the broker's choice) becomes the one that admits, after every earlier one is
     * revoked and its viewers are gone. Refused when it would also open another desktop here.
     */
    synchronized DesktopAddress admit(String password) {
        if (password.isEmpty()) throw new IllegalArgumentException("an empty one-time credential admits anyone");
        shutOut();
        synchronized (port) {
            if (port.passwordLive(password)) throw new IllegalArgumentException("that one-time credential is live for another desktop on this host: send another");
            return issue(password);
        }
    }

    private DesktopAddress issue(String password) {
        passwords.issue(password);
        vacantSince = clock.instant();   // nobody watches until the new password is used
        return port.address(password);
    }

    /** No earlier password admits again, and every viewer it admitted is gone when this returns. */
    synchronized void shutOut() {
        passwords.revokeAll();
        door.closeViewers();
    }

    /** The desktop ends: nobody is admitted any more and its viewers are cut. */
    synchronized void close() {
        passwords.revokeAll();
        door.close();
        port.forget(passwords);
    }

    /** A viewer's connection ended (dropped, closed or cut); any thread. */
    private void viewerLeft() {
        if (door.viewerCount() == 0) vacantSince = clock.instant();
    }

    /** Since when nobody has watched; empty while a viewer is connected. */
    Optional<Instant> vacantSince() {
        if (door.viewerCount() > 0) {
            // Watched now, so any earlier vacancy is over: a viewer that leaves next is counted out
            // a moment before it reports leaving, and must not meanwhile read as the old one.
            vacantSince = null;
            return Optional.empty();
        }
        return Optional.ofNullable(vacantSince);
    }
}
