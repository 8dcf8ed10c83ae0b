package org.rounds.broker.desktops;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import org.rounds.display.Framebuffer;
import org.rounds.display.server.DesktopSource;

/**
 * One user's embedded clinical desktop, drawn with Java2D: a title bar with the user's name, a
 * ward list of obviously fake patients (a click selects one), and a notes field that shows what
 * was typed for them. Its state (notes, selection) lives as long as the object, across any
 * number of viewers. Only what changed is
 * redrawn and reported as damage. Works with {@code java.awt.headless=true}.
 */
public final class ClinicalDesktop implements DesktopSource {

    public static final int WIDTH = 1024;
    public static final int HEIGHT = 640;
    static final int MAX_NOTES = 4000;

    private static final Color TITLE_BG = new Color(0x1f4e79);
    private static final Color WARD_BG = new Color(0xe8eef4);
    private static final Color NOTES_BG = Color.WHITE;
    private static final Color INK = new Color(0x1b2733);
    private static final Color SELECTED = new Color(0xcfe3f7);
    private static final int TITLE_H = 44;
    private static final int WARD_W = 300;
    private static final List<String[]> WARD = List.of(
            new String[] {"Bed 1", "TEST, Alpha", "Obs 4-hourly"},
            new String[] {"Bed 2", "DEMO, Bravo", "Post-op day 1"},
            new String[] {"Bed 3", "SAMPLE, Charlie", "IV antibiotics"},
            new String[] {"Bed 4", "EXAMPLE, Delta", "Discharge today"},
            new String[] {"Bed 5", "FICTIONAL, Echo", "Falls risk"},
            new String[] {"Bed 6", "PRETEND, Foxtrot", "Nil by mouth"});

    private final String userId;
    private final String displayName;
    private final Framebuffer framebuffer = new Framebuffer(WIDTH, HEIGHT);
    private final BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    private final int[] canvasPixels = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    private final StringBuilder notes = new StringBuilder();
    /** The ward row the user clicked (-1: none); the notes belong to that patient's chart. */
    private int selectedBed = -1;
    private int lastButtons;

    public ClinicalDesktop(String userId, String displayName) {
        this.userId = userId;
        this.displayName = displayName;
        synchronized (this) {
            Graphics2D g = graphics();
            try {
                drawTitle(g);
                drawWard(g);
                drawNotes(g);
            } finally {
                g.dispose();
            }
            publish(0, 0, WIDTH, HEIGHT);
        }
    }

    @Override
    public Framebuffer framebuffer() { return framebuffer; }

    @Override
    public String name() { return "Rounds EMR — " + displayName; }

    public String userId() { return userId; }

    /** The ward row selected by a click, -1 when none. */
    public synchronized int selectedBed() { return selectedBed; }

    /** The notes typed so far. */
    public synchronized String notes() { return notes.toString(); }

    @Override
    public synchronized void keyEvent(int keysym, boolean down) {
        if (!down) return;
        boolean changed;
        if (keysym == 0xff08) { // BackSpace
            changed = notes.length() > 0;
            if (changed) notes.setLength(notes.length() - 1);
        } else if (keysym == 0xff0d || keysym == 0xff8d) { // Return, KP_Enter
            changed = append('\n');
        } else if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) {
            changed = append((char) keysym); // Latin-1 keysyms are their own character
        } else if ((keysym & 0xff000000) == 0x01000000) {
            changed = append((char) (keysym & 0xffff)); // Unicode keysyms (BMP)
        } else {
            changed = false;
        }
        if (changed) {
            Graphics2D g = graphics();
            try {
                drawNotes(g);
            } finally {
                g.dispose();
            }
            publish(WARD_W, TITLE_H, WIDTH - WARD_W, HEIGHT - TITLE_H);
        }
    }

    /** A left click on a ward row selects that patient: the row is highlighted and the notes name them. */
    @Override
    public synchronized void pointerEvent(int x, int y, int buttons) {
        boolean leftPressed = (buttons & 1) != 0 && (lastButtons & 1) == 0;
        lastButtons = buttons;
        if (!leftPressed) return;
        int bed = bedAt(x, y);
        if (bed < 0 || bed == selectedBed) return;
        selectedBed = bed;
        Graphics2D g = graphics();
        try {
            drawWard(g);
            drawNotes(g);
        } finally {
            g.dispose();
        }
        publish(0, TITLE_H, WIDTH, HEIGHT - TITLE_H);
    }

    /** The ward row under (x, y), or -1. */
    static int bedAt(int x, int y) {
        if (x < 12 || x >= WARD_W - 12) return -1;
        for (int i = 0; i < WARD.size(); i++) {
            int top = TITLE_H + 60 - 18 + i * 66;
            if (y >= top && y < top + 54) return i;
        }
        return -1;
    }

    private boolean append(char c) {
        if (notes.length() >= MAX_NOTES) return false;
        notes.append(c);
        return true;
    }

    private Graphics2D graphics() {
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private void drawTitle(Graphics2D g) {
        g.setColor(TITLE_BG);
        g.fillRect(0, 0, WIDTH, TITLE_H);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Rounds EMR — " + displayName, 16, 29);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        String who = "signed in as " + userId;
        g.drawString(who, WIDTH - 16 - g.getFontMetrics().stringWidth(who), 28);
    }

    private void drawWard(Graphics2D g) {
        g.setColor(WARD_BG);
        g.fillRect(0, TITLE_H, WARD_W, HEIGHT - TITLE_H);
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Ward 4 — demo patients", 16, TITLE_H + 30);
        int y = TITLE_H + 60;
        for (int i = 0; i < WARD.size(); i++) {
            String[] bed = WARD.get(i);
            g.setColor(i == selectedBed ? SELECTED : Color.WHITE);
            g.fillRoundRect(12, y - 18, WARD_W - 24, 54, 10, 10);
            g.setColor(INK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(bed[0] + "  " + bed[1], 24, y + 4);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(new Color(0x4a6072));
            g.drawString(bed[2], 24, y + 24);
            y += 66;
        }
    }

    private void drawNotes(Graphics2D g) {
        g.setColor(NOTES_BG);
        g.fillRect(WARD_W, TITLE_H, WIDTH - WARD_W, HEIGHT - TITLE_H);
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(selectedBed < 0 ? "Nursing notes"
                : "Nursing notes — " + WARD.get(selectedBed)[0] + "  " + WARD.get(selectedBed)[1], WARD_W + 24, TITLE_H + 32);
        g.setColor(new Color(0xb9c6d2));
        g.drawRect(WARD_W + 20, TITLE_H + 48, WIDTH - WARD_W - 44, HEIGHT - TITLE_H - 72);
        g.setColor(INK);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 16));
        FontMetrics fm = g.getFontMetrics();
        int x0 = WARD_W + 32, y = TITLE_H + 76, maxX = WIDTH - 40;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i <= notes.length() && y < HEIGHT - 28; i++) {
            char c = i < notes.length() ? notes.charAt(i) : '\n';
            if (c != '\n' && fm.stringWidth(line.toString() + c) + x0 <= maxX) {
                line.append(c);
                continue;
            }
            g.drawString(line.toString(), x0, y);
            y += fm.getHeight();
            line.setLength(0);
            if (c != '\n') line.append(c);
        }
    }

    /** Copies a rectangle of the canvas into the served framebuffer, opaque, and reports it. */
    private void publish(int x, int y, int w, int h) {
        int[] dst = framebuffer.pixels();
        synchronized (framebuffer) {
            for (int row = y; row < y + h; row++) {
                int o = row * WIDTH;
                for (int col = x; col < x + w; col++) dst[o + col] = 0xff000000 | canvasPixels[o + col];
            }
        }
        framebuffer.damage(x, y, w, h);
    }
}
