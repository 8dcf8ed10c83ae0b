package org.rounds.device.wedge;

import java.time.Duration;

/**
 * How a keyboard-wedge badge burst looks at this site.
 *
 * @param minLength  fewest id characters in a badge (default 6)
 * @param maxLength  most id characters (default 32)
 * @param maxGap     longest pause between two keys of one burst (default 100 ms; RF IDeas
 *                   wedges type every ≈42–45 ms, barcode scanners every ≈7–8 ms)
 * @param maxJitter  how uneven the rhythm may be: mean absolute deviation of the gaps as a
 *                   fraction of their mean (default 0.35; machines type evenly, people do not)
 * @param prefix     characters the reader is configured to send first, or "" (stripped)
 * @param suffix     characters it sends last before Enter, or "" (stripped)
 */
public record WedgeConfig(int minLength, int maxLength, Duration maxGap, double maxJitter,
                          String prefix, String suffix) {

    public static final WedgeConfig DEFAULT = new WedgeConfig(6, 32, Duration.ofMillis(100), 0.35, "", "");

    public WedgeConfig {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("wedge lengths must satisfy 1 <= min <= max, got "
                    + minLength + ".." + maxLength);
        }
        if (maxGap.isNegative() || maxGap.isZero()) {
            throw new IllegalArgumentException("wedge max gap must be positive: " + maxGap);
        }
        if (maxJitter < 0) {
            throw new IllegalArgumentException("wedge max jitter must not be negative: " + maxJitter);
        }
        prefix = prefix == null ? "" : prefix;
        suffix = suffix == null ? "" : suffix;
    }

    public WedgeConfig withAffixes(String prefix, String suffix) {
        return new WedgeConfig(minLength, maxLength, maxGap, maxJitter, prefix, suffix);
    }
}
