package org.rounds.broker.hosts;

/**
 * A command to a desktop host did not succeed: the host has no channel on this broker, the
 * channel closed before the answer, the answer was late, or the host refused (its one-line
 * error). The message is one line and never carries a password. Whether the host acted is
 * unknown unless it refused; every command is safe to send again (the hand-over rule makes a
 * repeated Admit revoke the earlier password).
 */
public final class HostCommandException extends RuntimeException {
    HostCommandException(String message) {
        super(message);
    }
}
