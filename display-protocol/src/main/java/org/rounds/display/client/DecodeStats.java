package org.rounds.display.client;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a session or a replay decoded, per encoding name: rectangles, pixels, bytes on the wire
 * (rectangle headers included) and the time spent reading and decoding them. Pseudo-encodings count their rectangles with zero pixels.
 * Written by the decoding thread, read from any thread.
 */
public final class DecodeStats {
    /** One encoding's totals; {@code nanos} is reading plus decoding time. */
    public record Entry(long rectangles, long pixels, long bytes, long nanos) {
        public Entry plus(Entry o) {
            return new Entry(rectangles + o.rectangles, pixels + o.pixels, bytes + o.bytes, nanos + o.nanos);
        }

        /** Megapixels per second of decoding time (0 when nothing was timed). */
        public double megapixelsPerSecond() { return nanos == 0 ? 0 : pixels * 1e3 / nanos; }
    }

    private final Map<String, Entry> byEncoding = new TreeMap<>();

    synchronized void add(String encoding, long pixels, long bytes, long nanos) {
        byEncoding.merge(encoding, new Entry(1, pixels, bytes, nanos), Entry::plus);
    }

    /** Decoding time spent on another thread (the rectangle itself was counted by {@link #add}). */
    synchronized void addTime(String encoding, long nanos) {
        byEncoding.merge(encoding, new Entry(0, 0, 0, nanos), Entry::plus);
    }

    /** A copy, by encoding name in alphabetical order. */
    public synchronized Map<String, Entry> byEncoding() { return new TreeMap<>(byEncoding); }

    /** Rectangle counts only, by encoding name. */
    public synchronized Map<String, Long> rectangles() {
        Map<String, Long> m = new TreeMap<>();
        byEncoding.forEach((k, v) -> m.put(k, v.rectangles()));
        return m;
    }

    public synchronized long totalRectangles() { return byEncoding.values().stream().mapToLong(Entry::rectangles).sum(); }

    public synchronized long totalPixels() { return byEncoding.values().stream().mapToLong(Entry::pixels).sum(); }
}
