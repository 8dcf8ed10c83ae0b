package org.rounds.roaming.session;

import java.util.Objects;

/**
 * Why a transition happened, as a kind the UI can translate and one detail (an endpoint, a
 * user id, an error line; never a badge number). {@link #toString()} is the English line for
 * logs.
 */
public record Reason(Kind kind, String detail) {

    public enum Kind {
        BADGE_PRESENTED("badge presented"),
        CHECKING("checking with the broker"),
        DESKTOP_CONNECTING("connecting to the desktop of %s"),
        CARD_REMOVED("card removed"),
        TAP_IGNORED("tap ignored: %s"),
        CONNECTED("connected to %s"),
        TAPPED_OUT("tapped out: %s"),
        TAP_OVER("tap-over: %s disconnected"),
        SESSION_MOVED("session moved to %s"),
        CONNECTION_LOST("connection lost: %s"),
        RECONNECTING("reconnecting: %s"),
        DESKTOP_UNREACHABLE("desktop unreachable: %s"),
        UNKNOWN_BADGE("unknown badge"),
        BADGE_ENROLLED("badge enrolled for %s"),
        DENIED("denied: %s"),
        BROKER_UNAVAILABLE("%s"),
        IDLE_TIMEOUT("locked after %s idle"),
        PIN_REQUIRED("PIN required for %s"),
        WRONG_PIN("wrong PIN, %s attempts left"),
        LOCKED_OUT("locked out: %s"),
        WRONG_PASSWORD("wrong user id or password"),
        PIN_CANCELLED("PIN entry cancelled"),
        LOGGED_OFF("logged off: %s"),
        KIOSK_STARTING("kiosk: connecting to the shared desktop"),
        KIOSK_NO_BADGES("kiosk: badges are not used here"),
        ENDPOINT_CLOSING("endpoint closing"),
        INTERNAL_ERROR("internal error: %s");

        private final String english;

        Kind(String english) {
            this.english = english;
        }
    }

    public Reason {
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
    }

    public static Reason of(Kind kind) {
        return new Reason(kind, "");
    }

    public static Reason of(Kind kind, String detail) {
        return new Reason(kind, detail);
    }

    @Override
    public String toString() {
        return kind.english.contains("%s") ? String.format(kind.english, detail) : kind.english;
    }
}
