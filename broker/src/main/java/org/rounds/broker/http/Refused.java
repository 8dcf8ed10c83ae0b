package org.rounds.broker.http;

/** A request refused with {@code status} (401, 403, 409 ...) and a one-line reason that holds no secret. */
final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
