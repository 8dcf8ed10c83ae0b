package org.rounds.display.client;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.rounds.display.RfbProtocolException;

/**
 * One zlib stream that lives as long as the connection (Zlib has one, Tight four): each
 * rectangle's compressed bytes continue the previous ones, and must inflate to exactly the
 * number of bytes the rectangle needs, no more, no less.
 */
final class ZlibStream {
    private Inflater inflater = new Inflater();
    private final byte[] probe = new byte[1];

    /** Starts a fresh stream (Tight's reset bits). */
    void reset() {
        inflater.end();
        inflater = new Inflater();
    }

    /** Inflates {@code data[off, off+len)} to exactly {@code n} bytes. */
    byte[] inflateExactly(Rect r, byte[] data, int off, int len, int n) throws RfbProtocolException {
        byte[] out = new byte[n];
        inflater.setInput(data, off, len);
        int got = 0;
        try {
            while (got < n) {
                int k = inflater.inflate(out, got, n - got);
                got += k;
                if (k == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary()))
                    throw r.error("zlib data ends after " + got + " of the " + n + " bytes the rectangle needs");
            }
            // Consume what is left (a sync flush's empty block) so the stream stays in step; more pixels are an error.
            while (!inflater.needsInput() && !inflater.finished()) {
                if (inflater.inflate(probe) > 0) throw r.error("zlib data inflates beyond the " + n + " bytes the rectangle needs");
                if (inflater.needsDictionary()) throw r.error("zlib data asks for a preset dictionary");
            }
        } catch (DataFormatException e) {
            throw r.error("corrupt zlib data (" + e.getMessage() + ")");
        }
        return out;
    }
}
