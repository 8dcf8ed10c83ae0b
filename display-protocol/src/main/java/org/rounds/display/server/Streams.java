package org.rounds.display.server;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Byte relaying and quiet closing, shared by the gateway and the desktop port. */
final class Streams {
    private Streams() {}

    /** Copies until either side closes (an IOException is how a relay learns that), flushing each read on. */
    static void copyUntilClosed(InputStream from, OutputStream to) {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = from.read(buf)) >= 0) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // either side closed: the caller closes the other
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
