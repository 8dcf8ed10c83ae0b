package org.rounds.display;

import java.util.Objects;

/**
 * We refused the server, not the other way round: it offered no security we accept, or its
 * certificate is not the pinned one. {@link #why()} says which, so an endpoint can name it in
 * one line without reading the message.
 */
public final class InsecureServerException extends RfbAuthException {
    public enum Why {
        /** It offers None or VNC authentication only: the screen would cross the network in clear. */
        NO_ENCRYPTION,
        /** It offers VeNCrypt, but not the X509Vnc sub-type the client insists on. */
        NO_X509_VNC,
        /** Its certificate's SHA-256 is not the pinned one. */
        CERTIFICATE_MISMATCH
    }

    private final Why why;

    public InsecureServerException(Why why, String message) {
        super(message);
        this.why = Objects.requireNonNull(why);
    }

    public Why why() { return why; }
}
