package org.rounds.device.format;

import java.util.HexFormat;

/**
 * The French CPS card's serial number, from the content of EF.SN.ICC (3F00/D003), which is
 * readable without the PIN. On the IAS-ECC based CPS3/CPS4 the file holds one BER-TLV, tag
 * {@code 5A} (ICC serial number), whose value is the serial as packed digits; some cards hold
 * the bare value. The id is the value as upper-case hex, which for BCD digits reads as the
 * printed decimal digits. How sure: the tag 5A layout is ISO 7816-6's "card serial number"
 * convention used by IAS-ECC; we have not read the ANS specification itself nor a real card,
 * so a bare value is accepted too and anything else is rejected with its reason.
 */
final class CpsSerial implements CredentialFormat {

    private static final int TAG_SERIAL = 0x5A;

    @Override
    public String name() {
        return "cps-serial";
    }

    @Override
    public Decoded decode(CardBits bits) {
        if (bits.length() % 8 != 0) {
            return new Decoded.Rejected("cps-serial: " + bits.length() + " bits is not a file's content");
        }
        byte[] content = bits.toBytes();
        byte[] serial = content;
        if ((content[0] & 0xFF) == TAG_SERIAL) {
            if (content.length < 2) {
                return new Decoded.Rejected("cps-serial: EF.SN.ICC ends after its tag");
            }
            int length = content[1] & 0xFF;
            if (length == 0 || length > 0x7F || content.length < 2 + length) {
                return new Decoded.Rejected("cps-serial: EF.SN.ICC tag 5A announces " + length
                        + " bytes but holds " + (content.length - 2));
            }
            serial = java.util.Arrays.copyOfRange(content, 2, 2 + length);
        } else if (content.length > 16) {
            return new Decoded.Rejected("cps-serial: EF.SN.ICC has no tag 5A and is " + content.length + " bytes");
        }
        boolean blank = true;
        for (byte b : serial) {
            blank &= b == 0 || b == (byte) 0xFF;
        }
        if (blank) {
            return new Decoded.Rejected("cps-serial: the serial is blank");
        }
        return new Decoded.Id(HexFormat.of().withUpperCase().formatHex(serial));
    }
}
