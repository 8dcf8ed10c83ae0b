package org.rounds.roaming.session;

import static org.rounds.roaming.session.RoamingState.CONNECTING;
import static org.rounds.roaming.session.RoamingState.IDENTIFYING;
import static org.rounds.roaming.session.RoamingState.IN_SESSION;
import static org.rounds.roaming.session.RoamingState.LOCKED;
import static org.rounds.roaming.session.RoamingState.PIN_REQUIRED;
import static org.rounds.roaming.session.RoamingState.RECONNECTING;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Every move {@link EndpointMachine} may make, one row per state, read from the moves it makes
 * (the README's "Roaming states" draws the same table). A move the table does not list is a programming
 * error: {@link #check} throws {@link IllegalStateException}, and the endpoint then locks
 * ({@link EndpointMachine#failed}), which every row allows.
 */
final class Transitions {
    private Transitions() {}

    private static final Map<RoamingState, Set<RoamingState>> ALLOWED = build();

    private static Map<RoamingState, Set<RoamingState>> build() {
        Map<RoamingState, Set<RoamingState>> t = new EnumMap<>(RoamingState.class);
        // A badge, a password or a kiosk's start; a kiosk whose desktop could not be shown tries again;
        // LOCKED again when an input fails while locked (failed() locks whatever the state).
        t.put(LOCKED, EnumSet.of(IDENTIFYING, RECONNECTING, LOCKED));
        // The broker's answer: its PIN pad, a desktop, a refusal; a kiosk's failed request is retried.
        t.put(IDENTIFYING, EnumSet.of(PIN_REQUIRED, CONNECTING, RECONNECTING, LOCKED));
        // A PIN sent or another tap; cancelled, abandoned or locked.
        t.put(PIN_REQUIRED, EnumSet.of(IDENTIFYING, LOCKED));
        // Shown, or the desktop could not be reached.
        t.put(CONNECTING, EnumSet.of(IN_SESSION, LOCKED));
        // Tap-over (another desktop, or its PIN pad first), a dropped connection, any lock.
        // Never IDENTIFYING: a tap while shown keeps the desktop on screen until the broker decides.
        t.put(IN_SESSION, EnumSet.of(CONNECTING, PIN_REQUIRED, RECONNECTING, LOCKED));
        // A tap meanwhile, a kiosk's next try, the same session back, or given up / moved.
        t.put(RECONNECTING, EnumSet.of(IDENTIFYING, CONNECTING, IN_SESSION, LOCKED));
        for (RoamingState s : RoamingState.values()) {
            if (!t.containsKey(s)) throw new ExceptionInInitializerError("no row for " + s + " in the roaming transition table");
            t.put(s, Collections.unmodifiableSet(t.get(s)));
        }
        return Collections.unmodifiableMap(t);
    }

    /** The table itself, read-only: from each state, the states it may move to. */
    static Map<RoamingState, Set<RoamingState>> table() {
        return ALLOWED;
    }

    static boolean allowed(RoamingState from, RoamingState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Throws {@link IllegalStateException} naming both states unless the table lists the move. */
    static void check(RoamingState from, RoamingState to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException("illegal roaming transition " + from + " -> " + to + "; from " + from
                    + " the table allows only " + ALLOWED.get(from));
        }
    }
}
