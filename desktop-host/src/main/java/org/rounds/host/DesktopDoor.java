package org.rounds.host;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.display.server.PasswordBook;
import org.rounds.display.server.ServerSecurity;

/**
 * The way viewers get into one desktop, whichever pool serves it: one-time VNC passwords that
 * expire {@link DesktopPool#CREDENTIAL_LIFETIME} unused, and the hand-over rule that keeps a
 * session on one endpoint: every earlier password is revoked and every viewer it admitted is cut
 * before a new password exists. The server tells it when viewers leave, so the door also knows
 * since when nobody has watched ({@link #vacantSince}).
 */
final class DesktopDoor {
    private final PasswordBook passwords;
    private final InetAddress host;
    private final Clock clock;
    private IntSupplier port;
    private Runnable cutViewers;
    private IntSupplier viewerCount;
    // Written by viewer threads while shutOut may hold this door's lock waiting for them: never synchronized.
    private volatile Instant vacantSince;

    DesktopDoor(InetAddress host, Clock clock) {
        this.host = host;
        this.clock = clock;
        this.passwords = new PasswordBook(clock, DesktopPool.CREDENTIAL_LIFETIME);
    }

    /** What the desktop's server (or gateway) admits viewers with. */
    ServerSecurity security() { return ServerSecurity.oneTimePasswords(passwords); }

    /** Connects the door to its server once that is listening; the server calls {@link #viewerLeft} whenever a viewer goes. */
    DesktopDoor serving(IntSupplier port, Runnable cutViewers, IntSupplier viewerCount) {
        this.port = port;
        this.cutViewers = cutViewers;
        this.viewerCount = viewerCount;
        return this;
    }

    /** A fresh one-time password, after every earlier one is revoked and its viewers are gone. */
    synchronized DesktopAddress handOver() {
        shutOut();
        String password = VncPasswords.random();
        passwords.issue(password);
        vacantSince = clock.instant();   // nobody watches until the new password is used
        return new DesktopAddress(host.getHostAddress(), port.getAsInt(), password);
    }

    /** No earlier password admits again, and every viewer it admitted is gone when this returns. */
    synchronized void shutOut() {
        passwords.revokeAll();
        cutViewers.run();
    }

    /** A viewer's connection ended (dropped, closed or cut); any thread. */
    void viewerLeft() {
        IntSupplier count = viewerCount;
        if (count != null && count.getAsInt() == 0) vacantSince = clock.instant();
    }

    /** Since when nobody has watched; empty while a viewer is connected or before the server serves. */
    Optional<Instant> vacantSince() {
        IntSupplier count = viewerCount;
        if (count == null) return Optional.empty();
        if (count.getAsInt() > 0) {
            // Watched now, so any earlier vacancy is over: a viewer that leaves next is counted out
            // a moment before it reports leaving, and must not meanwhile read as the old one.
            vacantSince = null;
            return Optional.empty();
        }
        return Optional.ofNullable(vacantSince);
    }
}
