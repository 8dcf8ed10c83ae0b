package org.rounds.device.wedge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tells a keyboard-wedge badge reader's typing from a person's by rhythm and length: a burst
 * of id characters whose gaps are short and even, ended by Enter (or by a pause, once long
 * enough), is a badge; anything else is released back to the UI. A fixed threshold alone
 * fails: RF IDeas wedges type ≈42–45 ms apart, slower than a 30 ms cut-off, while people
 * typing digits are uneven. Not thread-safe: feed it from the one thread that sees the keys.
 * Keys are characters: from key codes (evdev, layout-independent) or typed through a
 * {@link KeyboardLayout} (AZERTY digit-row symbols are read as the digits they stand for).
 *
 * <p>Id characters are held back while a burst might be in progress, so a person's first
 * digit reaches the field after at most {@link WedgeConfig#maxGap()} (call {@link #onIdle}
 * from a timer).
 */
public final class WedgeBurstDetector {

    private final WedgeConfig config;
    private final KeyboardLayout layout;
    private final StringBuilder held = new StringBuilder();
    private final List<Instant> times = new ArrayList<>();

    public WedgeBurstDetector(WedgeConfig config) {
        this(config, KeyboardLayout.QWERTY);
    }

    /** For keys seen as characters typed through {@code layout} (see {@link KeyboardLayout}). */
    public WedgeBurstDetector(WedgeConfig config, KeyboardLayout layout) {
        this.config = Objects.requireNonNull(config, "config");
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /** One key typed at {@code at}. Returns what can be decided now (possibly nothing). */
    public List<WedgeOutcome> onKey(char key, Instant at) {
        List<WedgeOutcome> out = new ArrayList<>(2);
        if (!times.isEmpty() && Duration.between(times.get(times.size() - 1), at).compareTo(config.maxGap()) > 0) {
            out.add(decide(""));
        }
        if (key == '\n' || key == '\r') {
            if (held.length() == 0) {
                out.add(new WedgeOutcome.Release(String.valueOf(key)));
            } else {
                out.add(decide(String.valueOf(key)));
            }
            return out;
        }
        if (!burstCharacter(layout.meant(key))) {
            held.append(key);
            out.add(releaseAll());
            return out;
        }
        held.append(key);
        times.add(at);
        if (held.length() > config.maxLength() + config.prefix().length() + config.suffix().length()) {
            out.add(releaseAll());
        }
        return out;
    }

    /**
     * Nothing was typed until {@code now}: a burst that has paused longer than the max gap is
     * decided (a badge when it qualifies without Enter, else released).
     */
    public List<WedgeOutcome> onIdle(Instant now) {
        if (times.isEmpty() || Duration.between(times.get(times.size() - 1), now).compareTo(config.maxGap()) <= 0) {
            return List.of();
        }
        return List.of(decide(""));
    }

    /** Another kind of key came (an arrow, a shortcut): whatever is held goes back to the UI now, in order. */
    public List<WedgeOutcome> flush() {
        return held.length() == 0 ? List.of() : List.of(releaseAll());
    }

    /** Whether keys are held back, waiting to be decided. */
    public boolean holding() {
        return held.length() > 0;
    }

    private boolean burstCharacter(char c) {
        return Character.isLetterOrDigit(c) && c < 0x80
                || config.prefix().indexOf(c) >= 0 || config.suffix().indexOf(c) >= 0;
    }

    /** Decides the held keys; {@code terminator} is the Enter that ended them, or "". */
    private WedgeOutcome decide(String terminator) {
        String keys = held.toString();
        String id = stripAffixes(meant(keys));
        boolean badge = id != null && id.length() >= config.minLength() && id.length() <= config.maxLength()
                && id.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80) && evenRhythm();
        held.setLength(0);
        times.clear();
        return badge ? new WedgeOutcome.Badge(id) : new WedgeOutcome.Release(keys + terminator);
    }

    private String meant(String keys) {
        StringBuilder b = new StringBuilder(keys.length());
        for (int i = 0; i < keys.length(); i++) b.append(layout.meant(keys.charAt(i)));
        return b.toString();
    }

    private WedgeOutcome releaseAll() {
        String keys = held.toString();
        held.setLength(0);
        times.clear();
        return new WedgeOutcome.Release(keys);
    }

    private String stripAffixes(String keys) {
        if (!keys.startsWith(config.prefix()) || !keys.endsWith(config.suffix())
                || keys.length() < config.prefix().length() + config.suffix().length()) {
            return null;
        }
        return keys.substring(config.prefix().length(), keys.length() - config.suffix().length());
    }

    /** Every gap within the max gap, and their mean absolute deviation small against their mean. */
    private boolean evenRhythm() {
        if (times.size() < 2) {
            return false;
        }
        long[] gaps = new long[times.size() - 1];
        double sum = 0;
        for (int i = 1; i < times.size(); i++) {
            gaps[i - 1] = Duration.between(times.get(i - 1), times.get(i)).toNanos();
            if (gaps[i - 1] > config.maxGap().toNanos()) {
                return false;
            }
            sum += gaps[i - 1];
        }
        double mean = sum / gaps.length;
        double deviation = 0;
        for (long g : gaps) {
            deviation += Math.abs(g - mean);
        }
        deviation /= gaps.length;
        // 2 ms of slack: event timestamps are often millisecond-grained, which matters at 7 ms
        return deviation <= config.maxJitter() * mean + 2_000_000;
    }
}
