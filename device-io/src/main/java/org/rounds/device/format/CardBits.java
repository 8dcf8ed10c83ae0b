package org.rounds.device.format;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * The bits a badge gave, as a reader hands them over: {@code length} bits, the first bit
 * transmitted being the most significant of {@code value} (Wiegand order: bit 1 is the leading
 * parity bit). Readers that strip parity before handing the data over (the pcProx does, as
 * configured) say how many bits they removed at each end, so a format can still decode the
 * fields, knowing it cannot check parity.
 *
 * @param length           number of bits, 1..1024
 * @param value            the bits, non-negative, below 2^length
 * @param leadingStripped  bits the reader removed before the first one here (0 when complete)
 * @param trailingStripped bits removed after the last one here
 */
public record CardBits(int length, BigInteger value, int leadingStripped, int trailingStripped) {

    public CardBits {
        if (length < 1 || length > 1024) {
            throw new IllegalArgumentException("card bit length must be 1..1024, was " + length);
        }
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0 || value.bitLength() > length) {
            throw new IllegalArgumentException("card value does not fit in " + length + " bits");
        }
        if (leadingStripped < 0 || trailingStripped < 0) {
            throw new IllegalArgumentException("stripped bit counts must not be negative");
        }
    }

    /** Complete bits, nothing stripped. */
    public CardBits(int length, BigInteger value) {
        this(length, value, 0, 0);
    }

    /** Bytes as they came (first byte first), 8 bits each: a UID, a file's content. */
    public static CardBits ofBytes(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("no card bytes");
        }
        return new CardBits(bytes.length * 8, new BigInteger(1, bytes));
    }

    /** From a string of '0'/'1' (spaces ignored), first bit first: for tests and configuration. */
    public static CardBits parse(String binary) {
        String bits = binary.replace(" ", "");
        if (bits.isEmpty() || !bits.matches("[01]+")) {
            throw new IllegalArgumentException("not a string of bits: '" + binary + "'");
        }
        return new CardBits(bits.length(), new BigInteger(bits, 2));
    }

    /** Whether the reader removed bits (parity cannot be checked then). */
    public boolean stripped() {
        return leadingStripped > 0 || trailingStripped > 0;
    }

    /** The bit at Wiegand position {@code position} (1 = first transmitted). */
    public int bit(int position) {
        checkRange(position, 1);
        return value.testBit(length - position) ? 1 : 0;
    }

    /** {@code count} bits starting at Wiegand position {@code from}, first one most significant. */
    public long field(int from, int count) {
        if (count < 1 || count > 63) {
            throw new IllegalArgumentException("field width must be 1..63, was " + count);
        }
        checkRange(from, count);
        return value.shiftRight(length - from - count + 1).longValue() & ((1L << count) - 1);
    }

    /** The bits right-aligned in ceil(length / 8) bytes, big-endian: what "raw" means for a prox card. */
    public byte[] toBytes() {
        byte[] full = value.toByteArray();
        int n = (length + 7) / 8;
        byte[] out = new byte[n];
        int copy = Math.min(full.length, n);
        System.arraycopy(full, full.length - copy, out, n - copy, copy);
        return out;
    }

    /** '0'/'1' characters, first bit first. */
    public String toBinary() {
        StringBuilder sb = new StringBuilder(length);
        for (int p = 1; p <= length; p++) {
            sb.append(bit(p));
        }
        return sb.toString();
    }

    private void checkRange(int from, int count) {
        if (from < 1 || from + count - 1 > length) {
            throw new IndexOutOfBoundsException("bits " + from + ".." + (from + count - 1) + " of " + length);
        }
    }

    @Override
    public String toString() {
        return "CardBits[" + length + " bits" + (stripped() ? ", parity stripped" : "") + "]";   // never the value
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardBits c && c.length == length && c.value.equals(value)
                && c.leadingStripped == leadingStripped && c.trailingStripped == trailingStripped;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {length, value, leadingStripped, trailingStripped});
    }
}
