package org.rounds.display.server;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.rounds.display.internal.VncAuth;

/**
 * One-time VNC passwords. A password admits exactly one viewer, and only within its lifetime
 * of issue: the server checks a client's DES response against every live password and consumes
 * the one that matches. An unused password left lying about (in a log, a screenshot of the
 * broker's answer) is worthless once its lifetime is over. Thread-safe.
 */
public final class PasswordBook {
    /** The default lifetime of an unused password: a viewer connects within a second or two of its tap. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    private record Issued(String password, Instant expires) {}

    private final List<Issued> live = new ArrayList<>();
    private final Clock clock;
    private final Duration lifetime;

    /** Passwords that expire {@link #DEFAULT_LIFETIME} after issue, on the system clock. */
    public PasswordBook() {
        this(Clock.systemUTC(), DEFAULT_LIFETIME);
    }

    /** Passwords that expire {@code lifetime} after issue, as {@code clock} tells. */
    public PasswordBook(Clock clock, Duration lifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero()) throw new IllegalArgumentException("a password lifetime must be positive");
        this.lifetime = lifetime;
    }

    /** Adds a password that will admit one viewer within the lifetime. Only its first 8 bytes matter (VNC auth). */
    public synchronized void issue(String password) {
        if (password.isEmpty()) throw new IllegalArgumentException("an empty password admits anyone");
        live.add(new Issued(password, clock.instant().plus(lifetime)));
    }

    /** Forgets every unused password. */
    public synchronized void revokeAll() { live.clear(); }

    /** Passwords that would still admit a viewer now. */
    public synchronized int liveCount() {
        dropExpired();
        return live.size();
    }

    /**
     * True when {@code password} would admit a viewer now: it, or one with the same first 8
     * bytes (all VNC authentication reads), is live. A host asks before taking a broker's
     * credential, so one password never opens two desktops.
     */
    public synchronized boolean isLive(String password) {
        dropExpired();
        byte[] probe = new byte[VncAuth.CHALLENGE_LENGTH];
        byte[] want = VncAuth.response(probe, password);
        for (Issued p : live) if (MessageDigest.isEqual(VncAuth.response(probe, p.password()), want)) return true;
        return false;
    }

    /** True (and the password is consumed) when {@code response} answers {@code challenge} for a live, unexpired password. */
    synchronized boolean consume(byte[] challenge, byte[] response) {
        dropExpired();
        for (Iterator<Issued> it = live.iterator(); it.hasNext(); ) {
            if (MessageDigest.isEqual(VncAuth.response(challenge, it.next().password()), response)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private void dropExpired() {
        Instant now = clock.instant();
        live.removeIf(p -> !now.isBefore(p.expires()));
    }
}
