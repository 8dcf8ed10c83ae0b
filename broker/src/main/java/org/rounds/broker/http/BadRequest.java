package org.rounds.broker.http;

/** A request the broker refuses with 400 and a one-line message; nothing was written. */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message, null, false, false);
    }
}
