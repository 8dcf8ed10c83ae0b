package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.rounds.display.client.RfbSession;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Peers;
import org.rounds.testpeers.XDisplay;

/** Varied test content on a real X display, and comparisons of what we decoded with {@code xwd -root}. */
final class Screens {
    private Screens() {}

    /**
     * Shows a picture at 0,0 with {@code xwud}: two colour gradients (JPEG, gradient filter,
     * raw tiles) over a checkerboard strip (palettes, subrects). Made by ImageMagick.
     */
    static void showPicture(XDisplay x, int w, int h) throws Exception { showPicture(x, w, h, false); }

    /** {@code palette}: 64 colours in a colour-mapped image, which xwud can show on an 8-bit PseudoColor screen. */
    static void showPicture(XDisplay x, int w, int h, boolean palette) throws Exception {
        String convert = Peers.require("convert", "imagemagick").toString();
        Path xwd = Files.createTempFile("rounds-picture", ".xwd");
        try {
            Process p = new ProcessBuilder(convert,
                    "-size", (w / 2) + "x" + (h - 40), "gradient:red-blue",
                    "-size", (w - w / 2) + "x" + (h - 40), "gradient:yellow-green", "+append",
                    "(", "-size", w + "x40", "pattern:checkerboard", ")", "-append",
                    palette ? "-colors" : "-depth", palette ? "64" : "8", palette ? "-type" : "-depth", palette ? "Palette" : "8",
                    "xwd:" + xwd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0).as("convert: " + out).isTrue();
            x.exec("xwud", "-in", xwd.toString(), "-geometry", "+0+0", "-noclick");
            awaitStable(x);
        } finally {
            // xwud has read the file once its window shows; the stable screen above says it has
            Files.deleteIfExists(xwd);
        }
    }

    /**
     * An xterm that scrolls 30 lines of text (CopyRect on servers that detect scrolling), then
     * stays; returns once the screen shows it and has stopped changing.
     */
    static Process scrollingTerminal(XDisplay x, String label) throws java.io.IOException {
        Path done = Files.createTempFile("rounds-scrolled", "");
        Files.delete(done);   // the terminal's shell creates it once the last line is out
        try {
            int[] before = x.screenshot().argb();
            Process p = x.exec("xterm", "-geometry", "34x5+10+150", "-e", "sh", "-c",
                    "for i in $(seq 1 30); do echo " + label + " line $i; sleep 0.03; done; echo done; touch '" + done + "'; sleep 60");
            Await.until(Duration.ofSeconds(5), "the xterm to show", () -> !Arrays.equals(before, x.screenshot().argb()));
            Await.until(Duration.ofSeconds(10), "the xterm to scroll its 30 lines", () -> Files.exists(done));
            awaitStable(x);
            return p;
        } finally {
            Files.deleteIfExists(done);
        }
    }

    /**
     * Closes a terminal from {@link #scrollingTerminal} and waits until its window has left the
     * screen: the X server unmaps it a moment after the process dies, and a test that connects in
     * that moment sees a first frame still showing it (and xwd one without it).
     */
    static void closeTerminal(XDisplay x, Process term) throws InterruptedException {
        int[] with = x.screenshot().argb();
        term.destroy();
        term.waitFor(5, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(5), "the closed terminal's window to leave the screen", () -> !Arrays.equals(with, x.screenshot().argb()));
        awaitStable(x);
    }

    /**
     * Moves the pointer of display {@code x} as XWarpPointer does (through Xlib from python3, which
     * this machine has and xdotool it may not): Xvnc tells a client of a warp, not of a viewer's
     * motion, with VMware cursor position.
     */
    static void warpPointer(XDisplay x, int px, int py) {
        String python = Peers.require("python3", "python3").toString();
        x.run(python, "-c", String.join("\n",
                "import ctypes as c",
                "x = c.CDLL('libX11.so.6')",
                "x.XOpenDisplay.restype = c.c_void_p",
                "x.XDefaultRootWindow.argtypes = [c.c_void_p]; x.XDefaultRootWindow.restype = c.c_ulong",
                "x.XWarpPointer.argtypes = [c.c_void_p, c.c_ulong, c.c_ulong] + [c.c_int] * 2 + [c.c_uint] * 2 + [c.c_int] * 2",
                "x.XCloseDisplay.argtypes = [c.c_void_p]",
                "d = x.XOpenDisplay(None)",
                "x.XWarpPointer(d, 0, x.XDefaultRootWindow(d), 0, 0, 0, 0, " + px + ", " + py + ")",
                "x.XCloseDisplay(d)"));
    }

    /** Until two screenshots 150 ms apart are the same and not all black: the poll interval is what "stable" means. */
    private static void awaitStable(XDisplay x) {
        int[][] last = {null};
        Await.until(Duration.ofSeconds(10), Duration.ofMillis(150), "the screen to stop changing", () -> {
            int[] now = x.screenshot().argb(), before = last[0];
            last[0] = now;
            return before != null && Arrays.equals(now, before) && Arrays.stream(now).anyMatch(p -> (p & 0xFFFFFF) != 0);
        });
    }

    /** Polls until the framebuffer equals a fresh xwd screenshot (servers send changes asynchronously). */
    static void awaitSameAsXwd(XDisplay x, RfbSession s, RecordingListener l) throws Exception {
        int[] mine = null, truth = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            truth = rgb(x.screenshot().argb());
            synchronized (s.framebuffer()) {
                mine = rgb(s.framebuffer().pixels());
            }
            if (Arrays.equals(mine, truth)) return;
            l.updates.tryAcquire(250, TimeUnit.MILLISECONDS);
        }
        assertThat(differing(mine, truth)).as("pixels differing from xwd -root (rectangles " + s.decodedRectangles() + ")").isZero();
    }

    /** Polls until the session's framebuffer equals {@code truth} (our own server's desktop), pixel for pixel. */
    static void awaitSame(org.rounds.display.Framebuffer truth, RfbSession s, RecordingListener l) throws Exception {
        int[] mine = null, want = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            synchronized (truth) {
                want = rgb(truth.pixels());
            }
            synchronized (s.framebuffer()) {
                mine = rgb(s.framebuffer().pixels());
            }
            if (Arrays.equals(mine, want)) return;
            l.updates.tryAcquire(100, TimeUnit.MILLISECONDS);
        }
        assertThat(differing(mine, want)).as("pixels differing from the desktop (rectangles " + s.decodedRectangles() + ")").isZero();
    }

    /** Polls until the framebuffer is within {@code minDb} PSNR of xwd (lossy encodings); returns the PSNR. */
    static double awaitPsnr(XDisplay x, RfbSession s, RecordingListener l, double minDb) throws Exception {
        double best = 0;
        for (int attempt = 0; attempt < 60; attempt++) {
            int[] truth = rgb(x.screenshot().argb()), mine;
            synchronized (s.framebuffer()) {
                mine = rgb(s.framebuffer().pixels());
            }
            best = Math.max(best, psnr(mine, truth));
            if (best >= minDb) return best;
            l.updates.tryAcquire(250, TimeUnit.MILLISECONDS);
        }
        assertThat(best).as("PSNR in dB against xwd -root").isGreaterThanOrEqualTo(minDb);
        return best;
    }

    static double psnr(int[] a, int[] b) {
        if (a.length != b.length) return 0;
        double se = 0;
        for (int i = 0; i < a.length; i++)
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = ((a[i] >>> shift) & 0xFF) - ((b[i] >>> shift) & 0xFF);
                se += d * d;
            }
        double mse = se / (3.0 * a.length);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    static int differing(int[] a, int[] b) {
        if (a.length != b.length) return Math.max(a.length, b.length);
        int n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }

    static int[] rgb(int[] argb) {
        int[] out = new int[argb.length];
        for (int i = 0; i < argb.length; i++) out[i] = argb[i] & 0xFFFFFF;
        return out;
    }
}
