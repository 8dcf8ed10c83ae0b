package org.rounds.display.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Text in the Extended Clipboard's Provide data, the same both ways: a zlib stream holding a
 * u32 size and UTF-8 with CRLF line ends and a trailing NUL. Sizes are checked before anything
 * is allocated.
 */
public final class ClipboardText {
    /** Extended Clipboard flags: the text format and the actions. */
    public static final int TEXT = 1, CAPS = 1 << 24, REQUEST = 1 << 25, PEEK = 1 << 26, NOTIFY = 1 << 27, PROVIDE = 1 << 28;
    public static final int ACTIONS = 0x1F000000;

    private ClipboardText() {}

    /** The text of a Provide's data, with "\n" line ends; {@code at} is the message's offset, for errors. */
    public static String decode(RfbInput in, long at, byte[] zlib, int max) throws IOException {
        try (DataInputStream z = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(zlib)))) {
            long n = z.readInt() & 0xFFFFFFFFL;
            if (n > max) throw in.error(at, "extended clipboard text of " + n + " bytes exceeds the limit of " + max);
            byte[] b = z.readNBytes((int) n);
            if (b.length != n) throw in.error(at, "extended clipboard text ends after " + b.length + " of " + n + " bytes");
            int end = b.length;
            while (end > 0 && b[end - 1] == 0) end--; // the NUL terminator
            return new String(b, 0, end, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (ZipException | EOFException e) {
            throw in.error(at, "corrupt extended clipboard data (" + e.getMessage() + ")");
        }
    }

    /** The text size a Provide's data declares (its first u32), read without inflating the rest. */
    public static long declaredSize(RfbInput in, long at, byte[] zlib) throws IOException {
        try (DataInputStream z = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(zlib)))) {
            return z.readInt() & 0xFFFFFFFFL;
        } catch (ZipException | EOFException e) {
            throw in.error(at, "corrupt extended clipboard data (" + e.getMessage() + ")");
        }
    }

    /** The zlib data of a Provide carrying {@code text}. */
    public static byte[] encode(String text) throws IOException {
        byte[] utf8 = wire(text);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(new DeflaterOutputStream(z))) {
            d.writeInt(utf8.length);
            d.write(utf8);
        }
        return z.toByteArray();
    }

    /** Bytes the text takes on the wire (UTF-8, CRLF, NUL), to compare with a peer's limit. */
    public static long size(String text) { return wire(text).length; }

    private static byte[] wire(String text) {
        byte[] b = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }
}
