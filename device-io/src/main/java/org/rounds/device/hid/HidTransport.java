package org.rounds.device.hid;

import java.io.IOException;

/**
 * The two HID calls the pcProx driver needs, so its polling and parsing are tested with
 * recorded report sequences and hid4java stays in one class ({@link Hid4javaTransport}).
 * Buffers never include the report id; a negative return means the device stopped answering.
 */
public interface HidTransport extends AutoCloseable {

    /** Sends {@code data} as feature report {@code reportId}; returns the bytes sent, or -1. */
    int sendFeatureReport(byte[] data, byte reportId);

    /** Reads feature report {@code reportId} into {@code data}; returns the bytes read, or -1. */
    int getFeatureReport(byte[] data, byte reportId);

    @Override
    void close();

    /** Opens the device again (after it was unplugged, or at start); one-line message when it cannot. */
    @FunctionalInterface
    interface Opener {
        HidTransport open() throws IOException;
    }
}
