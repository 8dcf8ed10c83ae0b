package org.rounds.device.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the text protocol from a stream until it ends or is closed, one command per line, on
 * its own daemon thread. A bad line is reported as one ReaderError and the next line is read
 * as if nothing happened.
 */
final class LineFeeder implements AutoCloseable {

    private final InputStream in;
    private final SimulatedReader reader;
    private final String source;
    private final Thread thread;
    private volatile boolean closed;

    LineFeeder(InputStream in, SimulatedReader reader, String source) {
        this.in = in;
        this.reader = reader;
        this.source = source;
        this.thread = new Thread(this::run, "rounds-sim-feed-" + reader.name() + "-" + source);
        this.thread.setDaemon(true);
    }

    LineFeeder start() {
        thread.start();
        return this;
    }

    private void run() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while (!closed && (line = lines.readLine()) != null) {
                number++;
                apply(SimCommand.parse(line), number);
            }
        } catch (IOException e) {
            if (!closed) {
                reader.reportError(source + ": input failed: " + e.getMessage());
            }
        } catch (IllegalStateException readerClosed) {
            // the reader closed under us: nothing left to feed
        }
    }

    private void apply(SimCommand command, int lineNumber) {
        if (command instanceof SimCommand.Tap tap) {
            reader.tap(tap.id());
        } else if (command instanceof SimCommand.Remove) {
            reader.remove();
        } else if (command instanceof SimCommand.Invalid invalid) {
            reader.reportError(source + " line " + lineNumber + ": " + invalid.reason());
        }
    }

    /** Closes the stream (which ends a blocked read on sockets and pipes) and waits briefly. */
    @Override
    public void close() {
        closed = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }
}
