package org.rounds.device.format;

/**
 * HID Corporate 1000, 35 bits: {@code P1 P2 [12-bit company id, positions 3..14] [20-bit card
 * number, 15..34] P35}. Parity as HID publishes it (and as Proxmark3's C1k35s packer computes
 * it, which we checked our positions against):
 * <ul>
 * <li>P2 (position 2): even over 3-4, 6-7, 9-10, …, 33-34 (two of every three bits);</li>
 * <li>P35: odd over 2-3, 5-6, 8-9, …, 32-33;</li>
 * <li>P1: odd over the whole card, positions 1..35 (computed last, after P2 and P35).</li>
 * </ul>
 * Also accepts the 32 data bits of a reader that stripped 2 leading and 1 trailing bit.
 */
final class Corporate1000 implements CredentialFormat {

    private static final int[] P2_MASK = positions(3);    // 3,4, 6,7, … 33,34
    private static final int[] P35_MASK = positions(2);   // 2,3, 5,6, … 32,33

    private final boolean withCompany;

    Corporate1000(boolean withCompany) {
        this.withCompany = withCompany;
    }

    /** Pairs starting at {@code first}, every third position, up to 34. */
    private static int[] positions(int first) {
        int[] out = new int[22];
        int n = 0;
        for (int p = first; p + 1 <= 34; p += 3) {
            out[n++] = p;
            out[n++] = p + 1;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public String name() {
        return withCompany ? "corp1000" : "corp1000-card";
    }

    @Override
    public Decoded decode(CardBits bits) {
        int offset;   // Wiegand position of the first company bit
        if (bits.length() == 35 && !bits.stripped()) {
            if (!Parity.even(bits, concat(2, P2_MASK))) {
                return new Decoded.Rejected("corp1000: parity bit 2 (even) is wrong");
            }
            if (!Parity.odd(bits, concat(35, P35_MASK))) {
                return new Decoded.Rejected("corp1000: parity bit 35 (odd) is wrong");
            }
            if (!Parity.odd(bits, Parity.range(1, 35))) {
                return new Decoded.Rejected("corp1000: parity bit 1 (odd, whole card) is wrong");
            }
            offset = 3;
        } else if (bits.length() == 32 && bits.leadingStripped() == 2 && bits.trailingStripped() == 1) {
            offset = 1;
        } else {
            return new Decoded.Rejected("corp1000: expected 35 bits, got " + bits.length());
        }
        long company = bits.field(offset, 12);
        long card = bits.field(offset + 12, 20);
        return new Decoded.Id(withCompany ? company + ":" + card : Long.toString(card));
    }

    private static int[] concat(int parityPosition, int[] mask) {
        int[] all = java.util.Arrays.copyOf(mask, mask.length + 1);
        all[mask.length] = parityPosition;
        return all;
    }
}
