package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rounds.host.ClinicalDesktop;
import org.rounds.display.client.DecodeStats;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;

/**
 * {@code rounds bench bandwidth}: a scripted EMR session on the embedded desktop, through the
 * Rounds RFB server and client over loopback, once per encoder; prints one JSON object per
 * encoder with bytes and kbps per phase. Time is simulated: every input waits until its change
 * has reached the viewer before the next, so each becomes its own update, as it would when a
 * nurse types 5 characters a second on a LAN, and kbps divide by the phase's simulated length:
 * typing a 300-character note (60 s), scrolling the ward 20 rows (2 a second, 10 s), opening 5
 * patients' charts (one every 2 s, 10 s). Bytes are the rectangles' bytes on the wire, headers
 * included.
 */
public final class BandwidthBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    private static final String NOTE = "Patient comfortable overnight. Obs stable: HR 72, BP 118/76, SpO2 97% on air. "
            + "Pain 2/10, paracetamol given 06:00. Mobilised to chair with one assist. Eating and drinking well. "
            + "Wound dry, dressing intact. Plan: continue IV antibiotics, review bloods at 14:00, family update. ";

    /** Encoder name and the encodings the viewer asks for to get it (with CopyRect, as viewers ask, except for raw). */
    public static final Map<String, List<String>> ENCODERS = encoders();

    private final List<String> encoders;
    private final PrintWriter out;

    public BandwidthBench(List<String> encoders, PrintWriter out) {
        for (String e : encoders)
            if (!ENCODERS.containsKey(e)) throw new IllegalArgumentException("unknown encoder \"" + e + "\" (" + String.join(", ", ENCODERS.keySet()) + ")");
        this.encoders = List.copyOf(encoders);
        this.out = out;
    }

    private static Map<String, List<String>> encoders() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("raw", List.of("raw"));
        m.put("hextile", List.of("hextile", "copyrect", "raw"));
        m.put("zrle", List.of("zrle", "copyrect", "raw"));
        m.put("tight", List.of("tight", "copyrect", "raw"));
        m.put("tight-jpeg", List.of("tight", "tight-quality-6", "copyrect", "raw"));
        return java.util.Collections.unmodifiableMap(m);
    }

    public int run() throws Exception {
        for (String e : encoders) {
            out.println(JSON.writeValueAsString(measure(e)));
            out.flush();
        }
        return 0;
    }

    private ObjectNode measure(String encoder) throws Exception {
        ClinicalDesktop desktop = new ClinicalDesktop("bench", "Bench Nurse", Clock.fixed(Instant.parse("2026-01-01T08:00:00Z"), ZoneOffset.UTC));
        try (RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.none()).build()) {
            server.start();
            java.util.concurrent.atomic.AtomicLong updates = new java.util.concurrent.atomic.AtomicLong();
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(server.port()).encodings(ENCODERS.get(encoder))
                    .build().connect(new RfbListener() {
                        @Override public void updateEnd() { updates.incrementAndGet(); }
                    })) {
                if (!s.awaitFirstFrame(STEP_TIMEOUT)) throw new IOException("no first frame with " + encoder);
                Viewer v = new Viewer(s, desktop, updates, encoder.endsWith("jpeg"));
                v.awaitCaughtUp(0);
                ObjectNode result = JSON.createObjectNode().put("encoder", encoder).put("first_frame_bytes", bytes(s));
                ObjectNode phases = result.putObject("phases");
                phase(phases, "type-note", 60, s, () -> {
                    v.click(100, 44 + 60 - 18 + 20); // the note is for bed 1
                    for (char c : (NOTE + NOTE).substring(0, 300).toCharArray()) {
                        long n = updates.get();
                        s.sendKey(c, true);
                        s.sendKey(c, false);
                        v.awaitCaughtUp(n);
                    }
                });
                phase(phases, "scroll-ward", 10, s, () -> {
                    for (int i = 0; i < 20; i++) v.wheel(i < 10 ? 16 : 8);
                });
                phase(phases, "open-chart", 10, s, () -> {
                    for (int row = 1; row <= 5; row++) v.click(100, 44 + 60 - 18 + row * 66 + 20);
                });
                return result;
            }
        } finally {
            desktop.close();
        }
    }

    private interface Script { void run() throws Exception; }

    private static void phase(ObjectNode phases, String name, int simulatedSeconds, RfbSession s, Script script) throws Exception {
        long before = bytes(s);
        try {
            script.run();
        } catch (IOException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
        long bytes = bytes(s) - before;
        phases.putObject(name).put("bytes", bytes).put("simulated_seconds", simulatedSeconds)
                .put("kbps", Math.round(bytes * 8.0 / simulatedSeconds / 1000 * 10) / 10.0);
    }

    private static long bytes(RfbSession s) {
        return s.decodeStats().byEncoding().values().stream().mapToLong(DecodeStats.Entry::bytes).sum();
    }

    /** The viewer side of the script: inputs, and waiting until their change has arrived. */
    private record Viewer(RfbSession s, ClinicalDesktop d, java.util.concurrent.atomic.AtomicLong updates, boolean lossy) {
        void click(int x, int y) throws Exception {
            long n = updates.get();
            s.sendPointer(x, y, 1);
            s.sendPointer(x, y, 0);
            awaitCaughtUp(n);
        }

        void wheel(int button) throws Exception {
            long n = updates.get();
            s.sendPointer(100, 300, button);
            s.sendPointer(100, 300, 0);
            awaitCaughtUp(n);
        }

        /**
         * Lossless: until the viewer's pixels equal the desktop's. JPEG never gets there, so:
         * until an update after {@code updatesBefore} has arrived and 50 ms pass without another
         * (300 ms without any: the input changed nothing).
         */
        void awaitCaughtUp(long updatesBefore) throws Exception {
            long end = System.nanoTime() + STEP_TIMEOUT.toNanos();
            long seen = -1, quietSince = System.nanoTime();
            while (System.nanoTime() < end) {
                Thread.sleep(2);
                if (lossy) {
                    long n = updates.get();
                    if (n != seen) {
                        seen = n;
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince > (n > updatesBefore ? 50_000_000L : 300_000_000L)) {
                        return; // settled, or an input that changed nothing (a space at a line end)
                    }
                    continue;
                }
                int[] want, got;
                synchronized (d.framebuffer()) {
                    want = d.framebuffer().copyPixels();
                }
                synchronized (s.framebuffer()) {
                    got = s.framebuffer().copyPixels();
                }
                if (Arrays.equals(want, got)) return;
                if (System.nanoTime() >= end - 2_000_000) {
                    int differ = 0, first = -1;
                    for (int i = 0; i < want.length && i < got.length; i++) if (want[i] != got[i] && differ++ == 0) first = i;
                    int w = d.framebuffer().width();
                    throw new IOException("the viewer did not catch up with the desktop within " + STEP_TIMEOUT.toSeconds()
                            + " s: " + differ + " pixels differ, the first at " + (first % w) + "," + (first / w));
                }
            }
            throw new IOException("the viewer did not catch up with the desktop within " + STEP_TIMEOUT.toSeconds() + " s");
        }
    }
}
