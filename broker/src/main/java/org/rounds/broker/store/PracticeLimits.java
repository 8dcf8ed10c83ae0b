package org.rounds.broker.store;

/**
 * What one practice may use of the service, so that none starves the others (issue 23): at most
 * {@code maxSessions} desktops shown at once, and at most {@code tapsPerSecond} decisions a
 * second on each broker (taps, PINs, logins, reconnects, kiosk sessions). Zero or less: no limit.
 * Kept per practice in the {@code tenants} table (V18); a practice that sets none has {@link #DEFAULT}.
 */
public record PracticeLimits(int maxSessions, double tapsPerSecond) {
    /**
     * Generous for a practice (a practice of 20 endpoints taps about once a minute each; a shift
     * change, all at once, is 20 taps in a few seconds), yet a practice whose endpoints flood is
     * held to a fraction of what one broker answers (about 1,000 a second, rounds bench broker).
     */
    public static final PracticeLimits DEFAULT = new PracticeLimits(2_000, 50);
    /** The default practice (the hospital's own, every store's before practices) is limited only when an admin sets limits. */
    public static final PracticeLimits NONE = new PracticeLimits(0, 0);

    /** The limits of practice {@code tenant} while none are set for it. */
    public static PracticeLimits unset(Tenant tenant) {
        return tenant.isDefault() ? NONE : DEFAULT;
    }

    public boolean limitsSessions() {
        return maxSessions > 0;
    }

    public boolean limitsTaps() {
        return tapsPerSecond > 0;
    }
}
