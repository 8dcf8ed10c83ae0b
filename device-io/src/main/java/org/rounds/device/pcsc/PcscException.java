package org.rounds.device.pcsc;

/** A PC/SC call failed; the message is one line naming what went wrong. */
final class PcscException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PcscException(String message) {
        super(message);
    }

    PcscException(long rv, String operation) {
        super(operation + ": " + Winscard.describe(rv));
    }
}
