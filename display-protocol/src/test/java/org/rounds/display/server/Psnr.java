package org.rounds.display.server;

/** Peak signal-to-noise ratio of two ARGB images over their RGB channels, in dB. */
public final class Psnr {
    private Psnr() {}

    public static double of(int[] want, int[] got) {
        if (want.length != got.length) throw new IllegalArgumentException("images differ in size");
        double se = 0;
        for (int i = 0; i < want.length; i++)
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = (want[i] >>> shift & 0xFF) - (got[i] >>> shift & 0xFF);
                se += d * d;
            }
        double mse = se / (want.length * 3.0);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
