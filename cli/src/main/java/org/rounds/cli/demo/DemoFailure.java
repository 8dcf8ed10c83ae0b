package org.rounds.cli.demo;

/** A demo check that did not hold; the message says what a user would have seen. */
final class DemoFailure extends RuntimeException {
    DemoFailure(String message) {
        super(message, null, false, false);
    }
}
