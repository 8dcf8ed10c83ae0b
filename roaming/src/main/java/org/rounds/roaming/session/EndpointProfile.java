package org.rounds.roaming.session;

import java.util.Locale;
import java.util.Objects;
import org.rounds.roaming.api.EndpointRegistration;

/**
 * What an endpoint is and where it stands. Issue 8 adds its tap semantics (tap-out, tap-over,
 * PIN grace) and reconnect settings, which differ per kind and site.
 */
public record EndpointProfile(String endpointId, Kind kind, String location) {

    /** The kinds the broker knows; the wire name is the lower-case name. */
    public enum Kind {
        /** Bedside cart: shared, many users an hour. */
        CART,
        /** Tablet or laptop: one user, touch, inside or outside the hospital. */
        TABLET,
        /** Emergency-reception kiosk: one shared account, never roams, must stay up. */
        KIOSK,
        /** Fixed workstation in an office or nursing station. */
        WORKSTATION;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a wire or config name ("cart", "Tablet"); one-line error naming the choices. */
        public static Kind parse(String name) {
            for (Kind k : values()) if (k.name().equalsIgnoreCase(name.strip())) return k;
            throw new IllegalArgumentException("endpoint kind '" + name + "' is not one of cart, tablet, kiosk, workstation");
        }
    }

    public EndpointProfile {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        if (endpointId.isBlank()) throw new IllegalArgumentException("endpoint id is blank");
        if (!endpointId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("endpoint id '" + endpointId + "' may use only letters, digits, '.', '_' and '-'");
        }
    }

    /** The body of the broker's endpoint registration. */
    public EndpointRegistration registration() {
        return new EndpointRegistration(endpointId, kind.wireName(), location);
    }
}
