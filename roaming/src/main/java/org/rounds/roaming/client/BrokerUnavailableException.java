package org.rounds.roaming.client;

/**
 * No broker gave a usable answer: refused or timed-out connections, 5xx answers, unreadable
 * bodies. Failures at earlier brokers in the list ride along as suppressed exceptions. The
 * broker may have acted before the answer was lost, so retry only with the same request id.
 */
public final class BrokerUnavailableException extends BrokerException {

    public BrokerUnavailableException(String broker, String message, Throwable cause) {
        super(broker, message, cause);
    }
}
