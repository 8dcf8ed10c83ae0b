package org.rounds.host;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.SplittableRandom;

/**
 * The vitals chart of the clinical desktop: 24 hours of made-up heart rate and systolic blood
 * pressure for one bed, deterministic per bed, drawn as two lines over a grid.
 */
final class VitalsChart {
    private static final Color GRID = new Color(0xdde5ec);
    private static final Color HEART = new Color(0xc0392b);
    private static final Color PRESSURE = new Color(0x1f4e79);

    private VitalsChart() {}

    static void draw(Graphics2D g, int x, int y, int w, int h, int bed, String title) {
        g.setColor(Color.WHITE);
        g.fillRect(x, y, w, h);
        g.setColor(new Color(0x1b2733));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        if (bed < 0) {
            g.drawString("Vitals — select a patient", x + 24, y + 24);
            return;
        }
        g.drawString("Vitals, last 24 h — " + title, x + 24, y + 24);
        int px = x + 24, py = y + 36, pw = w - 48, ph = h - 48;
        g.setColor(GRID);
        for (int i = 0; i <= 4; i++) g.drawLine(px, py + i * ph / 4, px + pw, py + i * ph / 4);
        for (int i = 0; i <= 6; i++) g.drawLine(px + i * pw / 6, py, px + i * pw / 6, py + ph);
        SplittableRandom rnd = new SplittableRandom(1000 + bed);
        int[] heart = new int[25], pressure = new int[25];
        int hr = 70 + rnd.nextInt(20), bp = 110 + rnd.nextInt(25);
        for (int i = 0; i < heart.length; i++) {
            heart[i] = hr = Math.max(45, Math.min(140, hr + rnd.nextInt(-6, 7)));
            pressure[i] = bp = Math.max(80, Math.min(180, bp + rnd.nextInt(-8, 9)));
        }
        g.setStroke(new BasicStroke(2f));
        line(g, HEART, heart, px, py, pw, ph);
        line(g, PRESSURE, pressure, px, py, pw, ph);
        g.setStroke(new BasicStroke(1f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(HEART);
        g.drawString("HR " + heart[24] + "/min", px + pw - 190, y + 24);
        g.setColor(PRESSURE);
        g.drawString("BP " + pressure[24] + " mmHg", px + pw - 100, y + 24);
    }

    /** Values 40..190 over the plot's height, 25 points across its width. */
    private static void line(Graphics2D g, Color c, int[] v, int px, int py, int pw, int ph) {
        g.setColor(c);
        for (int i = 1; i < v.length; i++)
            g.drawLine(px + (i - 1) * pw / 24, py + ph - (v[i - 1] - 40) * ph / 150, px + i * pw / 24, py + ph - (v[i] - 40) * ph / 150);
    }
}
