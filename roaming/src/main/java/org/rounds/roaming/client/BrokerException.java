package org.rounds.roaming.client;

import java.io.IOException;

/** A broker call failed. The message is one line, fit for a log and a status bar. */
public abstract sealed class BrokerException extends IOException
        permits BrokerUnavailableException, BrokerRejectedException {

    private final String broker;

    BrokerException(String broker, String message, Throwable cause) {
        super(message, cause);
        this.broker = broker;
    }

    /** The base URL of the broker that failed last (the one named in the message). */
    public String broker() {
        return broker;
    }
}
