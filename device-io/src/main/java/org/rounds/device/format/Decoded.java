package org.rounds.device.format;

/** What a {@link CredentialFormat} made of a card's bits. */
public sealed interface Decoded {

    /** The badge's id as the site knows it. */
    record Id(String id) implements Decoded {
        @Override
        public String toString() {
            return "Id[" + id.length() + " chars]";   // never the number itself
        }
    }

    /** Not this format, or damaged: {@code reason} is one line naming what was wrong. */
    record Rejected(String reason) implements Decoded {}
}
