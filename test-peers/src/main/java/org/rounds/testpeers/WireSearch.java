package org.rounds.testpeers;

/** Looking for clear text and clear pixels in bytes a relay recorded (a test that proves a link encrypted). */
public final class WireSearch {
    private WireSearch() {}

    /** Where {@code needle} first occurs in {@code hay}, or -1. */
    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    /**
     * Whether {@code run} pixels of {@code pixels} from {@code at} appear in {@code wire} as RFB Raw
     * sends them in a 32-bit little-endian true-colour format (blue, green, red, any padding byte).
     */
    public static boolean containsRawRun(byte[] wire, int[] pixels, int at, int run) {
        outer:
        for (int i = 0; i + run * 4 <= wire.length; i++) {
            for (int p = 0; p < run; p++) {
                int px = pixels[at + p], o = i + p * 4;
                if ((wire[o] & 0xFF) != (px & 0xFF) || (wire[o + 1] & 0xFF) != (px >> 8 & 0xFF) || (wire[o + 2] & 0xFF) != (px >> 16 & 0xFF)) continue outer;
            }
            return true;
        }
        return false;
    }
}
