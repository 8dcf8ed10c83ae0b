package org.rounds.roaming.client;

/**
 * The broker understood the request and refused it (HTTP 4xx); the message is the broker's
 * own one-line {@link org.rounds.broker.api.ApiError}. Never failed over to another broker:
 * they share one database and would refuse it too.
 */
public final class BrokerRejectedException extends BrokerException {

    private final int status;

    public BrokerRejectedException(String broker, int status, String message) {
        super(broker, message, null);
        this.status = status;
    }

    /** The HTTP status code, 400..499. */
    public int status() {
        return status;
    }
}
