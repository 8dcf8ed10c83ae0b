package org.rounds.testpeers;

/** A real peer could not be started; the message carries the tail of its output. */
public final class PeerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerStartException(String message) {
        super(message);
    }
}
