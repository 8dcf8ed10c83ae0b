package org.rounds.device.format;

/** Parity checks over Wiegand positions (1 = first transmitted bit). */
final class Parity {

    private Parity() {}

    /** Number of 1 bits at the given positions. */
    static int ones(CardBits bits, int... positions) {
        int n = 0;
        for (int p : positions) {
            n += bits.bit(p);
        }
        return n;
    }

    /** Positions from..to inclusive. */
    static int[] range(int from, int to) {
        int[] r = new int[to - from + 1];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    static boolean even(CardBits bits, int... positions) {
        return ones(bits, positions) % 2 == 0;
    }

    static boolean odd(CardBits bits, int... positions) {
        return ones(bits, positions) % 2 == 1;
    }
}
