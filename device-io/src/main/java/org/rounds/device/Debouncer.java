package org.rounds.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Drops a badge presentation that repeats the last card seen on the same reader within a
 * window (default 1.5 s): readers repeat while a badge rests on them, and PC/SC wakes
 * spuriously. The window slides: every repeat, dropped or not, restarts it, so a badge left
 * on the reader yields one event. A reported removal ends the window for that reader: a badge
 * taken away and presented again is a deliberate second tap (tap-out), never a repeat. Other
 * events pass untouched. Thread-safe; time comes from the injected clock.
 */
public final class Debouncer {

    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(1500);

    private final Duration window;
    private final Clock clock;
    private final Map<String, Seen> lastByReader = new HashMap<>();

    private record Seen(Credential credential, Instant at) {}

    public Debouncer(Clock clock) {
        this(DEFAULT_WINDOW, clock);
    }

    public Debouncer(Duration window, Clock clock) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("debounce window must not be negative: " + window);
        }
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code event} should reach the listener. */
    public synchronized boolean admit(ReaderEvent event) {
        if (event instanceof ReaderEvent.BadgeRemoved removed) {
            lastByReader.remove(removed.reader());
            return true;
        }
        if (!(event instanceof ReaderEvent.BadgePresented presented)) {
            return true;
        }
        Instant now = clock.instant();
        Seen previous = lastByReader.put(presented.reader(), new Seen(presented.credential(), now));
        return previous == null
                || !previous.credential().sameCard(presented.credential())
                || Duration.between(previous.at(), now).compareTo(window) >= 0;
    }

    /** A listener that forwards to {@code downstream} only what {@link #admit} lets through. */
    public BadgeReader.ReaderListener filter(BadgeReader.ReaderListener downstream) {
        Objects.requireNonNull(downstream, "downstream");
        return event -> {
            if (admit(event)) {
                downstream.onEvent(event);
            }
        };
    }

    public Duration window() {
        return window;
    }
}
