package org.rounds.roaming.session;

import java.util.Locale;
import java.util.Objects;
import org.rounds.broker.api.EndpointRegistration;

/**
 * What an endpoint is, where it stands, and how it treats taps ({@link Policy}), which differ
 * per kind and site.
 */
public record EndpointProfile(String endpointId, Kind kind, String location, Policy policy) {

    /** A profile with the usual policy of its kind ({@link Policy#forKind}). */
    public EndpointProfile(String endpointId, Kind kind, String location) {
        this(endpointId, kind, location, Policy.forKind(kind));
    }

    /** What the same user's tap does while their session is shown. */
    public enum SameUserTap {
        /** Lock the endpoint; the session keeps running on the host (the usual tap-out). */
        LOCK,
        /** Lock, and end the session on the host. */
        LOG_OFF,
        /** Ignore it (shared workstations where people tap by habit). */
        NOTHING
    }

    /** Which way clipboard text may flow between the endpoint and the remote desktop. */
    public enum Clipboard { OFF, IN, OUT, BOTH }

    /**
     * How an endpoint treats taps and sessions.
     *
     * @param sameUserTap what the shown user's own tap does
     * @param tapOver whether another user's tap may take over the endpoint while a session is shown
     * @param idleLock lock after this long without input; {@code Duration.ZERO} never
     * @param lockOnCardRemoval lock when the badge leaves the reader (contact cards such as CPS)
     * @param kiosk shared account: connects at start, never roams, reconnects forever
     * @param clipboard clipboard policy of the session view
     */
    public record Policy(SameUserTap sameUserTap, boolean tapOver, java.time.Duration idleLock,
            boolean lockOnCardRemoval, boolean kiosk, Clipboard clipboard) {
        public Policy {
            Objects.requireNonNull(sameUserTap, "sameUserTap");
            Objects.requireNonNull(idleLock, "idleLock");
            Objects.requireNonNull(clipboard, "clipboard");
            if (idleLock.isNegative()) throw new IllegalArgumentException("idle lock " + idleLock + " is negative");
        }

        /** Carts and workstations lock after 5 idle minutes, tablets after 2; kiosks never lock and share nothing. */
        public static Policy forKind(Kind kind) {
            return switch (kind) {
                case KIOSK -> new Policy(SameUserTap.NOTHING, false, java.time.Duration.ZERO, false, true, Clipboard.OFF);
                case TABLET -> new Policy(SameUserTap.LOCK, true, java.time.Duration.ofMinutes(2), false, false, Clipboard.BOTH);
                default -> new Policy(SameUserTap.LOCK, true, java.time.Duration.ofMinutes(5), false, false, Clipboard.BOTH);
            };
        }
    }

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
        Objects.requireNonNull(policy, "policy");
        if (endpointId.isBlank()) throw new IllegalArgumentException("endpoint id is blank");
        if (!endpointId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("endpoint id '" + endpointId + "' may use only letters, digits, '.', '_' and '-'");
        }
    }

    /**
     * The body of the broker's endpoint registration, with this software's version when its jar
     * says it (the console shows it); no readers: they are reported by whoever knows them.
     */
    public EndpointRegistration registration() {
        return new EndpointRegistration(endpointId, kind.wireName(), location, SOFTWARE_VERSION, null);
    }

    /** The registration with the names of the badge readers this endpoint has now (at most 8; never a badge number). */
    public EndpointRegistration registration(java.util.List<String> readers) {
        return new EndpointRegistration(endpointId, kind.wireName(), location, SOFTWARE_VERSION, java.util.List.copyOf(readers));
    }

    private static final String SOFTWARE_VERSION = softwareVersion();

    private static String softwareVersion() {
        String v = EndpointProfile.class.getPackage().getImplementationVersion();
        return v != null && v.matches("[A-Za-z0-9._+~-]{1,64}") ? v : null;
    }
}
