package org.rounds.cli.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rounds.display.client.RecordedHandshake;

/**
 * Serves a recorded server stream to TigerVNC's own {@code vncviewer}, under a private Xvfb,
 * and reads the viewer's CPU time (utime + stime of all its threads, {@code /proc/PID/stat}):
 * the other half of {@code rounds bench decode --vs-tigervnc}. It answers the viewer's handshake
 * (RFB 3.8, security None), sends the recorded ServerInit, waits until the viewer has asked for
 * updates and is idle, then sends the recorded messages as fast as the viewer reads them. The
 * viewer's count runs from then until its CPU time stops growing, so its start-up (X
 * connection, window) is left out, as the JVM's warm-up is on the other side. What the viewer
 * counts includes painting into its X window (shared memory to Xvfb); Xvfb's own work is not.
 * Lives in the shipped bench, not the test tree, so that anyone with vncviewer can rerun it.
 */
final class TigerVncReplay {
    /** One run: the viewer's CPU seconds over the messages, and the wall seconds they took. */
    record Run(double cpuSeconds, double wallSeconds) {}

    private static final long IDLE_MILLIS = 400, POLL_MILLIS = 50;
    private final Path viewer;
    private final Path xvfb;
    private final long timeoutMillis;

    TigerVncReplay(long timeoutMillis) throws IOException {
        this.viewer = onPath("vncviewer", "tigervnc-viewer");
        this.xvfb = onPath("Xvfb", "xvfb");
        this.timeoutMillis = timeoutMillis;
    }

    /** Replays {@code stream} once to a fresh viewer; {@code encoding} is only what it is told to prefer. */
    Run play(byte[] stream, String encoding) throws IOException {
        RecordedHandshake hs = RecordedHandshake.of(stream);
        List<Process> started = new ArrayList<>();
        Path log = Files.createTempFile("rounds-vncviewer", ".log");
        try (ServerSocket listen = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int display = freeDisplay();
            started.add(new ProcessBuilder(xvfb.toString(), ":" + display, "-screen", "0",
                    (hs.width() + 64) + "x" + (hs.height() + 64) + "x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            waitFor(() -> Files.exists(Path.of("/tmp/.X11-unix/X" + display)), "Xvfb :" + display + " to start");
            ProcessBuilder pb = new ProcessBuilder(viewer.toString(), "-AutoSelect=0", "-PreferredEncoding=" + encoding,
                    "-FullColor=1", "-Log=*:stderr:30", "127.0.0.1::" + listen.getLocalPort())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("DISPLAY", ":" + display);
            Process v = pb.start();
            started.add(v);
            try (Socket s = accept(listen, v, log)) {
                s.setTcpNoDelay(true);
                return serve(s, v, stream, hs, log);
            }
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) stop(started.get(i));
            Files.deleteIfExists(log);
        }
    }

    /** The viewer's connection; a viewer that quits first (no display, a bad option) is one line, not a long wait. */
    private Socket accept(ServerSocket listen, Process v, Path log) throws IOException {
        listen.setSoTimeout((int) POLL_MILLIS * 4);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            try {
                return listen.accept();
            } catch (java.net.SocketTimeoutException notYet) {
                if (!v.isAlive()) throw new IOException("vncviewer quit before connecting: " + lastLine(log));
                if (System.nanoTime() > deadline) throw new IOException("vncviewer did not connect within " + timeoutMillis / 1000 + " s");
            }
        }
    }

    private Run serve(Socket s, Process v, byte[] stream, RecordedHandshake hs, Path log) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        in.readFully(new byte[12]);
        out.write(new byte[] {1, 1}); // one security type: None
        if (in.readUnsignedByte() != 1) throw new IOException("vncviewer did not choose security type None");
        out.write(new byte[4]); // SecurityResult: OK
        in.readUnsignedByte(); // ClientInit
        out.write(stream, hs.serverInitOffset(), hs.messagesOffset() - hs.serverInitOffset());
        out.flush();
        byte[] first = new byte[20];
        in.readFully(first); // SetPixelFormat (20 bytes) or the start of SetEncodings: the viewer has its window
        checkPixelFormat(first, hs.pixelFormat(stream));
        AtomicLong drained = new AtomicLong();
        Thread drain = new Thread(() -> drain(in, drained), "vs-tigervnc-drain");
        drain.setDaemon(true);
        drain.start();
        long pid = v.pid();
        idle(pid, v, log);
        long cpu0 = ticks(pid), wall0 = System.nanoTime();
        for (int p = hs.messagesOffset(); p < stream.length; p += 64 * 1024)
            out.write(stream, p, Math.min(64 * 1024, stream.length - p));
        out.flush();
        long[] end = idle(pid, v, log);
        return new Run((end[0] - cpu0) / (double) CLOCK_TICKS, (end[1] - wall0) / 1e9);
    }

    /** Vncviewer's first message is SetPixelFormat when it wants another format than the recording's: it then cannot decode it. */
    private static void checkPixelFormat(byte[] msg, byte[] recorded) throws IOException {
        if (msg[0] != 0) return;
        // bits per pixel, depth, big-endian, true colour, the three maxima and shifts; the padding may differ
        if (!Arrays.equals(msg, 4, 17, recorded, 0, 13))
            throw new IOException("vncviewer asks for another pixel format than the recording's: it cannot replay it");
    }

    private static void drain(InputStream in, AtomicLong count) {
        byte[] b = new byte[4096];
        try {
            for (int n; (n = in.read(b)) > 0; ) count.addAndGet(n);
        } catch (IOException closed) {
            // the viewer was stopped
        }
    }

    /** Waits until the viewer's CPU time stops growing; returns {ticks, nanoTime} of its last change. */
    private long[] idle(long pid, Process v, Path log) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long last = ticks(pid), changed = System.nanoTime();
        while (System.nanoTime() - changed < IDLE_MILLIS * 1_000_000) {
            if (!v.isAlive()) throw new IOException("vncviewer quit during the replay: " + lastLine(log));
            if (System.nanoTime() > deadline) throw new IOException("vncviewer was still busy after " + timeoutMillis / 1000 + " s");
            pause(POLL_MILLIS);
            long now = ticks(pid);
            if (now != last) {
                last = now;
                changed = System.nanoTime();
            }
        }
        return new long[] {last, changed};
    }

    /** utime + stime of the process, all threads, in clock ticks. */
    static long ticks(long pid) throws IOException {
        return ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    static long ticksOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5), counted from 1
    }

    /** USER_HZ: 100 on every Linux that Rounds runs on (the kernel's ABI fixes it for user space). */
    static final long CLOCK_TICKS = 100;

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "(it printed nothing)" : lines.get(lines.size() - 1);
    }

    private static int freeDisplay() throws IOException {
        for (int d = 70; d < 200; d++)
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + d)) && !Files.exists(Path.of("/tmp/.X" + d + "-lock"))) return d;
        throw new IOException("no free X display number between :70 and :199");
    }

    private void waitFor(java.util.function.BooleanSupplier ok, String what) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IOException("gave up waiting for " + what);
            pause(POLL_MILLIS);
        }
    }

    private static void pause(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path onPath(String name, String debianPackage) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        throw new IOException(name + " not found: install " + debianPackage + " to compare with TigerVNC's viewer");
    }
}
