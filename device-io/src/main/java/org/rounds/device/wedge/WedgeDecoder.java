package org.rounds.device.wedge;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;

/**
 * Input events from a grabbed wedge reader to badge presentations: key presses (not releases
 * or auto-repeats) are mapped by key code ({@link KeyCodes}) and fed, with the kernel's
 * timestamps, to the {@link WedgeBurstDetector}. Keys it releases are dropped: the device is
 * grabbed, so they were never a person's typing for a field. A wedge cannot tell when a badge
 * is taken away, so there is no removal; the {@code Debouncer} drops its repeats. Not
 * thread-safe: the reader thread owns it.
 */
final class WedgeDecoder {

    private final String reader;
    private final WedgeBurstDetector detector;
    private final Clock clock;

    WedgeDecoder(String reader, WedgeConfig config, Clock clock) {
        this.reader = reader;
        this.detector = new WedgeBurstDetector(config);
        this.clock = clock;
    }

    List<ReaderEvent> onEvents(List<InputEvent> events) {
        List<ReaderEvent> out = new ArrayList<>();
        for (InputEvent e : events) {
            if (!e.keyPress()) {
                continue;
            }
            char c = KeyCodes.toChar(e.code());
            if (c != 0) {
                collect(detector.onKey(c, e.time()), out);
            }
        }
        return out;
    }

    /** Nothing was read until {@code now} (same time base as the kernel's: the wall clock). */
    List<ReaderEvent> onIdle(Instant now) {
        List<ReaderEvent> out = new ArrayList<>();
        collect(detector.onIdle(now), out);
        return out;
    }

    private void collect(List<WedgeOutcome> outcomes, List<ReaderEvent> out) {
        for (WedgeOutcome o : outcomes) {
            if (o instanceof WedgeOutcome.Badge badge) {
                Credential credential = new Credential(Credential.Technology.KEYBOARD_WEDGE,
                        badge.id().getBytes(StandardCharsets.US_ASCII), badge.id());
                out.add(new ReaderEvent.BadgePresented(reader, credential, clock.instant()));
            }
        }
    }
}
