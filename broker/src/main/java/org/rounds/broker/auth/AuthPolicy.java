package org.rounds.broker.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * When a tap needs a PIN and what wrong PINs cost.
 *
 * @param pinGrace    a tap needs no PIN while the user's last full authentication (password, or a
 *                    PIN) is younger than this; Imprivata's default is a shift
 * @param maxFailures wrong PINs or passwords in a row that lock the user out
 * @param lockout     how long a lockout lasts (an administrator's new PIN ends it sooner)
 * @param pinTimeout  how long a PIN request stays good after the tap
 */
public record AuthPolicy(Duration pinGrace, int maxFailures, Duration lockout, Duration pinTimeout) {
    public static final AuthPolicy DEFAULT = new AuthPolicy(Duration.ofHours(4), 5, Duration.ofMinutes(15), Duration.ofMinutes(2));

    public AuthPolicy {
        Objects.requireNonNull(pinGrace, "pinGrace");
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(pinTimeout, "pinTimeout");
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be at least 1");
    }
}
