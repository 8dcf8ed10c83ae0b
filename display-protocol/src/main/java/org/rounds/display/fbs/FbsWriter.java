package org.rounds.display.fbs;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Writes an FBS 001.000 recording. Bytes given to {@link #append} collect until {@link #endBlock}
 * (the client calls it after each server message), which writes them as one block stamped with
 * the milliseconds since the recording began. Thread-safe.
 */
public final class FbsWriter implements Closeable {
    static final byte[] HEADER = "FBS 001.000\n".getBytes(StandardCharsets.US_ASCII);
    /** A block is cut here even mid-message, so one huge update never sits whole in memory. */
    private static final int MAX_BLOCK = 1 << 20;

    private final DataOutputStream out;
    private final LongSupplier millis;
    private final long start;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);
    private long written;

    FbsWriter(OutputStream out, LongSupplier millis) throws IOException {
        this.out = new DataOutputStream(out);
        this.millis = millis;
        this.start = millis.getAsLong();
        this.out.write(HEADER);
    }

    /** A recording into {@code out} (which this writer closes), timed by the monotonic clock. */
    public static FbsWriter to(OutputStream out) throws IOException {
        return new FbsWriter(out, () -> System.nanoTime() / 1_000_000);
    }

    /** Adds server bytes to the current block. */
    public synchronized void append(byte[] b, int off, int len) throws IOException {
        pending.write(b, off, len);
        if (pending.size() >= MAX_BLOCK) endBlock();
    }

    public synchronized void append(int b) throws IOException {
        pending.write(b);
        if (pending.size() >= MAX_BLOCK) endBlock();
    }

    /** Writes what was appended since the last block as one block; nothing when empty. */
    public synchronized void endBlock() throws IOException {
        int n = pending.size();
        if (n == 0) return;
        out.writeInt(n);
        pending.writeTo(out);
        out.write(new byte[(4 - n % 4) % 4]);
        out.writeInt((int) (millis.getAsLong() - start));
        pending.reset();
        written += n;
    }

    /** Server bytes written in blocks so far. */
    public synchronized long bytesWritten() { return written; }

    /** Writes the last block and closes the file. */
    @Override
    public synchronized void close() throws IOException {
        try {
            endBlock();
        } finally {
            out.close();
        }
    }
}
