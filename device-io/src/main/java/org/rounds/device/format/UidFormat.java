package org.rounds.device.format;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * A contactless UID (or any whole bytes) as hex or as one unsigned decimal, in the order read
 * or reversed. Sites differ: access-control panels often print a MIFARE UID last byte first.
 */
final class UidFormat implements CredentialFormat {

    enum Radix { HEX, DECIMAL }

    private final Radix radix;
    private final boolean reversed;

    UidFormat(Radix radix, boolean reversed) {
        this.radix = radix;
        this.reversed = reversed;
    }

    @Override
    public String name() {
        return (radix == Radix.HEX ? "uid-hex" : "uid-dec") + (reversed ? "-reversed" : "");
    }

    @Override
    public Decoded decode(CardBits bits) {
        if (bits.length() % 8 != 0) {
            return new Decoded.Rejected(name() + ": " + bits.length() + " bits is not whole bytes");
        }
        byte[] bytes = bits.toBytes();
        if (reversed) {
            for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
                byte t = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = t;
            }
        }
        return new Decoded.Id(radix == Radix.HEX
                ? HexFormat.of().withUpperCase().formatHex(bytes)
                : new BigInteger(1, bytes).toString());
    }
}
