package org.rounds.host;

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
 * One user's embedded clinical desktop, drawn with Java2D: a title bar with the user's name and
 * a clock, a ward list of obviously fake patients (the wheel scrolls it, a click selects one and
 * opens their vitals chart), and a notes field that shows what was typed for them. Its state
 * (notes, selection, scroll) lives as long as the object, across any number of viewers. Only
 * what changed is redrawn, and only the pixels that differ are reported as damage, so typing a
 * character sends a character. Works with {@code java.awt.headless=true}.
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
    static final int CHART_H = 170;
    static final int ROW_H = 66;
    /** Rows the ward pane shows at once; the wheel scrolls the rest into view. */
    static final int VISIBLE_ROWS = 8;
    private static final String[] SURNAMES = {"TEST", "DEMO", "SAMPLE", "EXAMPLE", "FICTIONAL", "PRETEND", "MOCK", "DUMMY",
        "PLACEHOLDER", "STUB", "FAKE", "SPECIMEN", "TRIAL", "MODEL", "PROTOTYPE", "REPLICA", "SIMULATED", "INVENTED"};
    private static final String[] GIVEN = {"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
        "Juliet", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo"};
    private static final String[] PLANS = {"Obs 4-hourly", "Post-op day 1", "IV antibiotics", "Discharge today", "Falls risk", "Nil by mouth"};
    private static final List<String[]> WARD = ward();
    private static final java.util.concurrent.ScheduledExecutorService CLOCKS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "clinical-desktop-clocks");
                t.setDaemon(true);
                return t;
            });

    private static List<String[]> ward() {
        List<String[]> w = new java.util.ArrayList<>();
        for (int i = 0; i < SURNAMES.length; i++) w.add(new String[] {"Bed " + (i + 1), SURNAMES[i] + ", " + GIVEN[i], PLANS[i % PLANS.length]});
        return List.copyOf(w);
    }

    private final String userId;
    private final String displayName;
    private final Framebuffer framebuffer = new Framebuffer(WIDTH, HEIGHT);
    private final BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    private final int[] canvasPixels = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    private final StringBuilder notes = new StringBuilder();
    /** The ward row the user clicked (-1: none); the notes belong to that patient's chart. */
    private int selectedBed = -1;
    private int lastButtons;
    /** The first ward row shown. */
    private int wardTop;
    private final java.util.concurrent.ScheduledFuture<?> clock;
    private final java.time.Clock time;

    public ClinicalDesktop(String userId, String displayName) {
        this(userId, displayName, java.time.Clock.systemDefaultZone());
    }

    /** {@code time}: what the title bar's clock shows (a fixed clock keeps benchmarks and tests still). */
    public ClinicalDesktop(String userId, String displayName, java.time.Clock time) {
        this.userId = userId;
        this.displayName = displayName;
        this.time = time;
        synchronized (this) {
            Graphics2D g = graphics();
            try {
                drawTitle(g);
                drawWard(g);
                VitalsChart.draw(g, WARD_W, TITLE_H, WIDTH - WARD_W, CHART_H, -1, "");
                drawNotes(g);
            } finally {
                g.dispose();
            }
            publishChanged(0, 0, WIDTH, HEIGHT); // the framebuffer starts transparent black: every pixel changes
        }
        java.lang.ref.WeakReference<ClinicalDesktop> self = new java.lang.ref.WeakReference<>(this);
        clock = CLOCKS.scheduleAtFixedRate(() -> {
            ClinicalDesktop d = self.get();
            if (d != null) d.tick();
        }, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Stops the clock (the desktop is logged off). */
    public void close() { clock.cancel(false); }

    private synchronized void tick() {
        Graphics2D g = graphics();
        try {
            drawTitle(g);
        } finally {
            g.dispose();
        }
        publishChanged(0, 0, WIDTH, TITLE_H);
    }

    @Override
    public Framebuffer framebuffer() { return framebuffer; }

    /** An arrow, drawn by each viewer itself (Cursor pseudo-encoding), so pointing never waits for the network. */
    @Override
    public org.rounds.display.server.CursorShape cursorShape() { return ARROW; }

    private static final org.rounds.display.server.CursorShape ARROW = arrow();

    /** The classic 12x19 arrow: white, outlined in black, hotspot at its tip. */
    private static org.rounds.display.server.CursorShape arrow() {
        BufferedImage img = new BufferedImage(12, 19, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            java.awt.Polygon p = new java.awt.Polygon(new int[] {0, 0, 4, 7, 9, 6, 11}, new int[] {0, 16, 12, 18, 17, 11, 11}, 7);
            g.setColor(Color.WHITE);
            g.fillPolygon(p);
            g.setColor(Color.BLACK);
            g.drawPolygon(p);
        } finally {
            g.dispose();
        }
        return new org.rounds.display.server.CursorShape(12, 19, 0, 0, img.getRGB(0, 0, 12, 19, null, 0, 12));
    }

    @Override
    public String name() { return "Rounds EMR — " + displayName; }

    public String userId() { return userId; }

    /** The ward row selected by a click, -1 when none. */
    public synchronized int selectedBed() { return selectedBed; }

    /** The notes typed so far. */
    public synchronized String notes() { return notes.toString(); }

    /** Where text the desktop copies goes (the RFB server offers it to viewers). */
    public void onClipboard(java.util.function.Consumer<String> sink) { clipboardOut = java.util.Objects.requireNonNull(sink); }

    private volatile java.util.function.Consumer<String> clipboardOut = text -> {};
    private String clipboardIn = "";
    private boolean control;

    /** The viewer's clipboard: Ctrl+V pastes it into the notes. */
    @Override
    public synchronized void clientCutText(String text) { clipboardIn = text; }

    @Override
    public synchronized void keyEvent(int keysym, boolean down) {
        if (keysym == 0xffe3 || keysym == 0xffe4) control = down; // Control_L, Control_R
        if (!down) return;
        boolean changed;
        if (control && (keysym == 'c' || keysym == 'C')) { // copy the notes
            clipboardOut.accept(notes.toString());
            return;
        } else if (control && (keysym == 'v' || keysym == 'V')) { // paste
            changed = false;
            for (char c : clipboardIn.toCharArray()) changed |= append(c);
        } else if (keysym == 0xff08) { // BackSpace
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
            publishChanged(WARD_W, TITLE_H + CHART_H, WIDTH - WARD_W, HEIGHT - TITLE_H - CHART_H);
        }
    }

    /**
     * A left click on a ward row selects that patient: the row is highlighted, their vitals chart
     * opens and the notes name them. The wheel (buttons 4 and 5) over the ward scrolls it a row.
     */
    @Override
    public synchronized void pointerEvent(int x, int y, int buttons) {
        boolean leftPressed = (buttons & 1) != 0 && (lastButtons & 1) == 0;
        int wheel = (buttons & 8) != 0 && (lastButtons & 8) == 0 ? -1 : (buttons & 16) != 0 && (lastButtons & 16) == 0 ? 1 : 0;
        lastButtons = buttons;
        if (wheel != 0 && x < WARD_W) {
            int top = Math.max(0, Math.min(WARD.size() - VISIBLE_ROWS, wardTop + wheel));
            if (top == wardTop) return;
            // The rows that stay visible move by one row: moved as pixels (a viewer gets a CopyRect),
            // so only the row scrolled in is drawn and sent.
            int rowsTop = TITLE_H + 42, keep = (VISIBLE_ROWS - 1) * ROW_H;
            if (top > wardTop) framebuffer.copy(0, rowsTop + ROW_H, WARD_W, keep, 0, -ROW_H);
            else framebuffer.copy(0, rowsTop, WARD_W, keep, 0, ROW_H);
            wardTop = top;
            redraw(false);
            return;
        }
        if (!leftPressed) return;
        int bed = bedAt(x, y, wardTop);
        if (bed < 0 || bed == selectedBed) return;
        selectedBed = bed;
        redraw(true);
    }

    /** The first ward row shown (the wheel moves it). */
    public synchronized int wardTop() { return wardTop; }

    private void redraw(boolean chartAndNotes) {
        Graphics2D g = graphics();
        try {
            drawWard(g);
            if (chartAndNotes) {
                String[] b = WARD.get(selectedBed);
                VitalsChart.draw(g, WARD_W, TITLE_H, WIDTH - WARD_W, CHART_H, selectedBed, b[0] + "  " + b[1]);
                drawNotes(g);
            }
        } finally {
            g.dispose();
        }
        publishChanged(0, TITLE_H, chartAndNotes ? WIDTH : WARD_W, HEIGHT - TITLE_H);
    }

    /** The ward row under (x, y) when row {@code top} is the first shown, or -1. */
    static int bedAt(int x, int y, int top) {
        if (x < 12 || x >= WARD_W - 12) return -1;
        for (int i = 0; i < VISIBLE_ROWS && top + i < WARD.size(); i++) {
            int rowTop = TITLE_H + 60 - 18 + i * ROW_H;
            if (y >= rowTop && y < rowTop + 54) return top + i;
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
        String who = java.time.LocalTime.now(time).format(java.time.format.DateTimeFormatter.ofPattern("HH:mm"))
                + "    signed in as " + userId;
        g.drawString(who, WIDTH - 16 - g.getFontMetrics().stringWidth(who), 28);
    }

    private void drawWard(Graphics2D g) {
        g.setColor(WARD_BG);
        g.fillRect(0, TITLE_H, WARD_W, HEIGHT - TITLE_H);
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Ward 4 — demo patients", 16, TITLE_H + 30);
        int y = TITLE_H + 60;
        for (int i = wardTop; i < WARD.size() && i < wardTop + VISIBLE_ROWS; i++) {
            String[] bed = WARD.get(i);
            g.setColor(i == selectedBed ? SELECTED : Color.WHITE);
            g.fillRoundRect(12, y - 18, WARD_W - 24, 54, 10, 10);
            g.setColor(INK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(bed[0] + "  " + bed[1], 24, y + 4);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(new Color(0x4a6072));
            g.drawString(bed[2], 24, y + 24);
            y += ROW_H;
        }
    }

    private void drawNotes(Graphics2D g) {
        int top = TITLE_H + CHART_H;
        g.setColor(NOTES_BG);
        g.fillRect(WARD_W, top, WIDTH - WARD_W, HEIGHT - top);
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(selectedBed < 0 ? "Nursing notes"
                : "Nursing notes — " + WARD.get(selectedBed)[0] + "  " + WARD.get(selectedBed)[1], WARD_W + 24, top + 26);
        g.setColor(new Color(0xb9c6d2));
        g.drawRect(WARD_W + 20, top + 36, WIDTH - WARD_W - 44, HEIGHT - top - 52);
        g.setColor(INK);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 16));
        FontMetrics fm = g.getFontMetrics();
        int x0 = WARD_W + 32, y = top + 60, maxX = WIDTH - 40;
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

    /**
     * Copies a rectangle of the canvas into the served framebuffer and reports damage only for
     * the box around the pixels that actually changed (a redrawn pane mostly repaints what it had).
     */
    private void publishChanged(int x, int y, int w, int h) {
        int[] dst = framebuffer.pixels();
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        synchronized (framebuffer) {
            for (int row = y; row < y + h; row++) {
                int o = row * WIDTH;
                for (int col = x; col < x + w; col++) {
                    int c = 0xff000000 | canvasPixels[o + col];
                    if (dst[o + col] == c) continue;
                    dst[o + col] = c;
                    if (col < x0) x0 = col;
                    if (col > x1) x1 = col;
                    if (row < y0) y0 = row;
                    y1 = row;
                }
            }
        }
        if (x1 >= 0) framebuffer.damage(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }
}
