package org.rounds.host.agent;

/**
 * What stops a desktop host from enrolling or starting, as one line that names what was wrong and
 * what to do; never an enrolment code, key or password.
 */
public final class HostAgentException extends RuntimeException {
    public HostAgentException(String message) {
        super(message);
    }

    HostAgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
