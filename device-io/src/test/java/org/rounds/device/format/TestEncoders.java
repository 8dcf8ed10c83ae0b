package org.rounds.device.format;

import java.math.BigInteger;

/**
 * Encoders written independently of the decoders, as 32-bit word arithmetic in the style of
 * Proxmark3's wiegand_formats.c (Pack_H10301, Pack_C1k35s): Bot holds value bits 0..31 (bit 0
 * = last transmitted), Mid bits 32..34.
 */
final class TestEncoders {

    private TestEncoders() {}

    static CardBits h10301(int facility, int card) {
        long bot = ((long) card & 0xFFFF) << 1 | ((long) facility & 0xFF) << 17;
        bot |= oddParity((bot >> 1) & 0xFFF);              // last bit: odd over the 12 bits before it
        bot |= evenParity((bot >> 13) & 0xFFF) << 25;      // first bit: even over the 12 bits after it
        return new CardBits(26, BigInteger.valueOf(bot));
    }

    static CardBits corp1000(int company, int card) {
        long bot = ((long) card & 0xFFFFF) << 1 | ((long) company & 0x7FF) << 21;
        long mid = ((long) company & 0x800) >> 11;
        mid |= evenParity((mid & 0x1) ^ (bot & 0xB6DB6DB6L)) << 1;
        bot |= oddParity((mid & 0x3) ^ (bot & 0x6DB6DB6CL));
        mid |= oddParity((mid & 0x3) ^ (bot & 0xFFFFFFFFL)) << 2;
        return new CardBits(35, BigInteger.valueOf(mid << 32 | bot));
    }

    /** 1 when the number of ones is odd (so that adding this bit makes it even). */
    private static long evenParity(long x) {
        return Long.bitCount(x) & 1;
    }

    private static long oddParity(long x) {
        return (Long.bitCount(x) & 1) ^ 1;
    }
}
