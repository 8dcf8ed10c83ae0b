package org.rounds.roaming.client;

/**
 * No broker gave a usable answer: refused or timed-out connections, 5xx answers, unreadable
 * bodies. Failures at earlier brokers in the list ride along as suppressed exceptions. The
 * broker may have acted before the answer was lost, so retry only with the same request id.
 */
public final class BrokerUnavailableException extends BrokerException {

    /** How long the broker asked to be left alone (503 with Retry-After: over capacity, alive); null when it did not. */
    private final transient java.time.Duration retryAfter;

    public BrokerUnavailableException(String broker, String message, Throwable cause) {
        this(broker, message, cause, null);
    }

    BrokerUnavailableException(String broker, String message, Throwable cause, java.time.Duration retryAfter) {
        super(broker, message, cause);
        this.retryAfter = retryAfter;
    }

    /** The broker's Retry-After when it shed the request (over capacity), else empty. */
    java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }
}
