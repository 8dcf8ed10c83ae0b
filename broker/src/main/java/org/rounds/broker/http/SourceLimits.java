package org.rounds.broker.http;

/**
 * How much one source (an endpoint's certificate, else an address) may ask of the decision
 * routes before it gets 429. The defaults sit far above a clinician (a few taps a minute, a PIN
 * now and then) and far below a script, which meets them within seconds.
 *
 * @param taps                taps, reconnects, logoffs and kiosk sessions (default 5/s, burst 20)
 * @param pins                PIN entries (default one per 5 s, burst 10)
 * @param logins              password logins (default one per 5 s, burst 10)
 * @param unknownBadges       taps answered {@code unknown-badge}; when spent, every tap from the
 *                            source waits, so a prober learns nothing from which ones pass
 *                            (default one per 10 s, burst 10)
 * @param unknownBadgeWarning one warning log line when a source passes this many unknown badges
 *                            (answered or refused) within a minute (default 20)
 * @param maxSources          sources remembered per limit; beyond, the least recently seen is
 *                            forgotten (default 50,000, a few MB)
 */
public record SourceLimits(Rate taps, Rate pins, Rate logins, Rate unknownBadges, int unknownBadgeWarning, int maxSources) {
    public static final SourceLimits DEFAULT = new SourceLimits(new Rate(5, 20), new Rate(0.2, 10), new Rate(0.2, 10),
            new Rate(0.1, 10), 20, 50_000);

    /** A token bucket: {@code burst} requests at once, then {@code perSecond}. */
    public record Rate(double perSecond, int burst) {
        public Rate {
            if (!(perSecond > 0) || burst < 1) throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1");
        }
    }

    public SourceLimits {
        if (taps == null || pins == null || logins == null || unknownBadges == null) throw new IllegalArgumentException("every rate is needed");
        if (unknownBadgeWarning < 1) throw new IllegalArgumentException("unknownBadgeWarning must be at least 1");
        if (maxSources < 1) throw new IllegalArgumentException("maxSources must be at least 1");
    }

    public SourceLimits withTaps(Rate r) { return new SourceLimits(r, pins, logins, unknownBadges, unknownBadgeWarning, maxSources); }

    public SourceLimits withPins(Rate r) { return new SourceLimits(taps, r, logins, unknownBadges, unknownBadgeWarning, maxSources); }

    public SourceLimits withLogins(Rate r) { return new SourceLimits(taps, pins, r, unknownBadges, unknownBadgeWarning, maxSources); }

    public SourceLimits withUnknownBadges(Rate r) { return new SourceLimits(taps, pins, logins, r, unknownBadgeWarning, maxSources); }

    public SourceLimits withUnknownBadgeWarning(int perMinute) {
        return new SourceLimits(taps, pins, logins, unknownBadges, perMinute, maxSources);
    }
}
