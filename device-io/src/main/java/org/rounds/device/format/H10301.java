package org.rounds.device.format;

/**
 * HID H10301, the open 26-bit format: {@code E FFFFFFFF CCCCCCCCCCCCCCCC O} where E is even
 * parity over positions 1..13 (E and the first 12 data bits), F the 8-bit facility code, C
 * the 16-bit card number and O odd parity over positions 14..26. Also accepts the 24 data bits
 * of a reader that stripped one parity bit at each end (parity then cannot be checked).
 */
final class H10301 implements CredentialFormat {

    private final boolean withFacility;

    H10301(boolean withFacility) {
        this.withFacility = withFacility;
    }

    @Override
    public String name() {
        return withFacility ? "h10301" : "h10301-card";
    }

    @Override
    public Decoded decode(CardBits bits) {
        int offset;   // Wiegand position of the first facility bit
        if (bits.length() == 26 && !bits.stripped()) {
            if (!Parity.even(bits, Parity.range(1, 13))) {
                return new Decoded.Rejected("h10301: leading even parity is wrong");
            }
            if (!Parity.odd(bits, Parity.range(14, 26))) {
                return new Decoded.Rejected("h10301: trailing odd parity is wrong");
            }
            offset = 2;
        } else if (bits.length() == 24 && bits.leadingStripped() == 1 && bits.trailingStripped() == 1) {
            offset = 1;
        } else {
            return new Decoded.Rejected("h10301: expected 26 bits, got " + bits.length());
        }
        long facility = bits.field(offset, 8);
        long card = bits.field(offset + 8, 16);
        return new Decoded.Id(withFacility ? facility + ":" + card : Long.toString(card));
    }
}
