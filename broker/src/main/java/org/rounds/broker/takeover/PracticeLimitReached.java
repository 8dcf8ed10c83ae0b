package org.rounds.broker.takeover;

/**
 * A practice is at one of its limits ({@link org.rounds.broker.store.PracticeLimits}): the request
 * is refused (HTTP 429 with Retry-After) and nothing of it is kept, while other practices go on.
 * The message is the one line the endpoint shows, naming the limit.
 */
public final class PracticeLimitReached extends RuntimeException {
    private final long retryAfterSeconds;

    public PracticeLimitReached(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
