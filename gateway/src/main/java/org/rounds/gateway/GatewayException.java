package org.rounds.gateway;

/** Why the gateway cannot start: one line naming what is wrong and what to do. */
public final class GatewayException extends RuntimeException {
    public GatewayException(String message) {
        super(message);
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
