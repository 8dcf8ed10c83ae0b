package org.rounds.device.wedge;

/** What the burst detector decided about the keys it was given. */
public sealed interface WedgeOutcome {

    /** Keys that are not a badge: hand them back to the focused field, in this order. */
    record Release(String keys) implements WedgeOutcome {}

    /** A complete badge burst; {@code id} is stripped of the configured prefix and suffix. */
    record Badge(String id) implements WedgeOutcome {
        @Override
        public String toString() {
            return "Badge[" + id.length() + " chars]";   // never the number itself
        }
    }
}
