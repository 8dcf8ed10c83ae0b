package org.rounds.client.input;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.scene.input.KeyCode;
import org.rounds.device.wedge.KeyboardLayout;
import org.rounds.device.wedge.WedgeBurstDetector;
import org.rounds.device.wedge.WedgeConfig;
import org.rounds.device.wedge.WedgeOutcome;

/**
 * Sits between the window's key events and the remote desktop so that a keyboard-wedge badge
 * reader's digits never reach the desktop: characters are held while they might be a badge
 * burst ({@link WedgeBurstDetector}: even rhythm, right length, Enter or a pause at the end),
 * then either become a badge tap or go to the desktop in the order they were typed. A person's
 * key is late by at most the detector's max gap (100 ms). Keys that type nothing (arrows,
 * shortcuts) first send what is held. FX thread only; times are {@link System#nanoTime()}.
 *
 * <p>Only where a wedge reader is configured or detected: anywhere else a USB keystroke injector
 * could "tap" a badge by typing it, so {@link #off} passes every key to the desktop as typed.
 */
public final class WedgeKeyFilter {

    /** Where the filtered input goes. */
    public interface Output {
        /** Keys for the desktop. */
        void keys(List<KeyTranslator.KeyAction> actions);

        /** A badge was typed by a wedge reader (its id; never logged). */
        void badge(String id);
    }

    private static final int RETURN = 0xff0d;

    private final KeyTranslator keys;
    private final WedgeBurstDetector detector;
    private final Output out;
    private final boolean reading;   // false: no burst is ever a badge
    private final Instant base = Instant.now();
    private final long baseNanos = System.nanoTime();
    private boolean enterTaken;

    public WedgeKeyFilter(KeyTranslator keys, WedgeConfig config, KeyboardLayout layout, Output out) {
        this(keys, config, layout, out, true);
    }

    private WedgeKeyFilter(KeyTranslator keys, WedgeConfig config, KeyboardLayout layout, Output out, boolean reading) {
        this.keys = Objects.requireNonNull(keys);
        this.detector = new WedgeBurstDetector(config, layout);
        this.out = Objects.requireNonNull(out);
        this.reading = reading;
    }

    /** For an endpoint with no keyboard-wedge reader: every key goes to the desktop at once, none is a badge. */
    public static WedgeKeyFilter off(KeyTranslator keys, Output out) {
        return new WedgeKeyFilter(keys, WedgeConfig.DEFAULT, KeyboardLayout.QWERTY, out, false);
    }

    /** Whether bursts may become badges (a wedge reader is configured or detected). */
    public boolean reading() {
        return reading;
    }

    /** KEY_PRESSED. */
    public void pressed(KeyCode code, boolean shortcut, long nanos) {
        if (code == KeyCode.ENTER && detector.holding() && !shortcut) {
            enterTaken = true;   // ends the burst; its release is ours too
            handle(detector.onKey('\n', at(nanos)));
            return;
        }
        List<KeyTranslator.KeyAction> actions = keys.pressed(code, shortcut);
        if (!actions.isEmpty()) {
            handle(detector.flush());
            out.keys(actions);
        }
    }

    /** KEY_TYPED (the composed text). */
    public void typed(String text, boolean shortcut, long nanos) {
        if (reading && text.length() == 1 && !shortcut && text.charAt(0) >= 0x20) {
            handle(detector.onKey(text.charAt(0), at(nanos)));
        } else {
            handle(detector.flush());
            out.keys(keys.typed(text));
        }
    }

    /** KEY_RELEASED. */
    public void released(KeyCode code) {
        if (code == KeyCode.ENTER && enterTaken) {
            enterTaken = false;
            return;
        }
        out.keys(keys.released(code));
    }

    /** Call every few tens of ms while {@link #holding()}: a burst that paused is decided. */
    public void idle(long nanos) {
        handle(detector.onIdle(at(nanos)));
    }

    public boolean holding() {
        return detector.holding();
    }

    private void handle(List<WedgeOutcome> outcomes) {
        for (WedgeOutcome o : outcomes) {
            if (o instanceof WedgeOutcome.Badge b) {
                out.badge(b.id());
            } else if (o instanceof WedgeOutcome.Release r) {
                List<KeyTranslator.KeyAction> actions = new ArrayList<>();
                for (char c : r.keys().toCharArray()) {
                    if (c == '\n' || c == '\r') {
                        actions.add(new KeyTranslator.KeyAction(RETURN, true));
                        actions.add(new KeyTranslator.KeyAction(RETURN, false));
                    } else {
                        actions.addAll(keys.typed(String.valueOf(c)));
                    }
                }
                out.keys(actions);
            }
        }
    }

    private Instant at(long nanos) {
        return base.plusNanos(nanos - baseNanos);
    }
}
