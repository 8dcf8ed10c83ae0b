package org.rounds.display.fbs;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.rounds.display.RfbProtocolException;

/**
 * Reads an FBS recording as the server byte stream it holds: {@link #read} returns the blocks'
 * data back to back, without padding or timestamps. {@link #timestamp()} is the time of the
 * block being read. A damaged file (a wrong header, a block length beyond the limit)
 * is an {@link RfbProtocolException} naming the file offset; a file cut short (the recorder
 * killed) reads as the stream up to the cut.
 */
public final class FbsReader extends InputStream {
    /** Larger than any block a recorder writes; refuses a corrupt length before allocating. */
    static final int MAX_BLOCK = 64 << 20;

    private final DataInputStream in;
    private byte[] block = new byte[0];
    private int blockLength;
    private int pos;
    private int timestamp;
    private long fileOffset;
    private boolean ended;

    private FbsReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** Checks the header of {@code in} and returns a reader positioned at the first block. */
    public static FbsReader open(InputStream in) throws IOException {
        FbsReader r = new FbsReader(in);
        byte[] header = new byte[FbsWriter.HEADER.length];
        try {
            r.in.readFully(header);
        } catch (EOFException e) {
            throw new RfbProtocolException("not an FBS recording: shorter than its 12-byte header");
        }
        String h = new String(header, StandardCharsets.US_ASCII);
        // 001.001 and 001.002 (vncrec, rfbproxy variants) keep the same block layout.
        if (!h.matches("FBS 001\\.00[0-2]\n"))
            throw new RfbProtocolException("not an FBS 001.000 recording (header \"" + h.strip().replaceAll("\\p{Cntrl}", "?") + "\")");
        r.fileOffset = header.length;
        return r;
    }

    /** Milliseconds since the recording started, of the block being read. */
    public int timestamp() { return timestamp; }

    private boolean nextBlock() throws IOException {
        if (ended) return false;
        int length;
        try {
            length = in.readInt();
        } catch (EOFException end) {
            ended = true;
            return false;
        }
        if (length < 0 || length > MAX_BLOCK)
            throw new RfbProtocolException("FBS block at file offset " + fileOffset + ": length " + (length & 0xFFFFFFFFL) + " exceeds " + MAX_BLOCK);
        int padded = (length + 3) & ~3;
        if (block.length < padded) block = new byte[padded];
        int got = in.readNBytes(block, 0, padded);
        pos = 0;
        try {
            if (got < padded) throw new EOFException();
            timestamp = in.readInt();
        } catch (EOFException e) {
            // A recorder killed mid-write leaves a torn last block: its data bytes that are there are
            // still the server's stream (the replay then says where that stream was cut).
            ended = true;
            blockLength = Math.min(got, length);
            return blockLength > 0;
        }
        fileOffset += 4 + padded + 4;
        blockLength = length;
        return true;
    }


    @Override
    public int read() throws IOException {
        while (pos >= blockLength) if (!nextBlock()) return -1;
        return block[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (pos >= blockLength) if (!nextBlock()) return -1;
        int n = Math.min(len, blockLength - pos);
        System.arraycopy(block, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException { in.close(); }
}
