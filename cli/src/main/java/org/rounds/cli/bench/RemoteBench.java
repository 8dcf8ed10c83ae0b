package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.rounds.broker.api.DesktopTls;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.RemoteSignIn;
import org.rounds.broker.api.RemoteSignInAnswer;
import org.rounds.broker.api.OneLine;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.roaming.client.RemoteGateway;

/**
 * {@code rounds bench remote}: a doctor outside the hospital, with a userspace relay adding
 * {@code --rtt-ms} of round trip in front of the gateway (and, for the comparison, in front of the
 * desktop host). Measures sign-in to first frame through the gateway (a fresh HTTPS client, user,
 * code and tunnel each run), and the bytes a typed note costs through the tunnel against the same
 * desktop reached directly, through a gateway of each {@code --desktop-tls} mode. JSON:
 * {@code firstFrameMs} (median) and {@code tunnelOverhead} (tunnel bytes over direct bytes, minus
 * one) of the default mode (end to end), {@code firstFrameMsByMode} and
 * {@code tunnelOverheadByMode} of both, {@code typingGatewayMode}, and {@code failed}.
 */
public final class RemoteBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench password 1";
    private static final Duration STEP = Duration.ofSeconds(10);
    /** How long an input may take to change the desktop, and a link to stay silent before it counts as settled. */
    private static final Duration NO_CHANGE = Duration.ofMillis(300);
    private static final String NOTE = "Seen at home visit. Obs stable, plan unchanged, bloods at 14:00. ";
    /** A nurse types about five characters a second: the note's simulated length for kbps. */
    private static final double CHARS_PER_SECOND = 5;

    private final int runs;
    private final int rttMs;
    private final int chars;
    private final PrintWriter out;

    public RemoteBench(int runs, int rttMs, int chars, PrintWriter out) {
        if (runs < 1 || runs > 50) throw new IllegalArgumentException("--runs must be 1..50");
        if (rttMs < 0 || rttMs > 1000) throw new IllegalArgumentException("--rtt-ms must be 0..1000");
        if (chars < 10 || chars > 1000) throw new IllegalArgumentException("--chars must be 10..1000");
        this.runs = runs;
        this.rttMs = rttMs;
        this.chars = chars;
        this.out = out;
    }

    public int run() throws Exception {
        Path dir = Files.createTempDirectory("rounds-bench-remote");
        List<String> failures = new ArrayList<>();
        ObjectNode r = JSON.createObjectNode().put("bench", "remote").put("rttMs", rttMs).put("runs", runs);
        try (RemoteWorld world = RemoteWorld.start(dir, line -> {});
             DelayRelay toHost = new DelayRelay(world.hostPort().port(), Duration.ofMillis(rttMs / 2))) {
            ObjectNode overheadByMode = JSON.createObjectNode(), firstFrameByMode = JSON.createObjectNode();
            // The default mode first: its figures are the top-level ones, as they were before there was a choice.
            for (DesktopTls mode : List.of(DesktopTls.END_TO_END, DesktopTls.GATEWAY)) {
                ObjectNode m = mode == DesktopTls.END_TO_END ? r : JSON.createObjectNode();
                List<String> modeFailures = new ArrayList<>();
                try (DelayRelay toGateway = new DelayRelay(world.gateway(mode).port(), Duration.ofMillis(rttMs / 2))) {
                    measure(world, mode, "https://127.0.0.1:" + toGateway.port(), toGateway, toHost, m, modeFailures);
                }
                modeFailures.forEach(f -> failures.add(mode.wire() + ": " + f));
                if (m != r) r.set("typingGatewayMode", m.get("typing"));
                firstFrameByMode.set(mode.wire(), m.get("firstFrameMs"));
                overheadByMode.set(mode.wire(), m.has("tunnelOverhead") ? m.get("tunnelOverhead") : JSON.nullNode());
            }
            r.set("tunnelOverheadByMode", overheadByMode);
            r.set("firstFrameMsByMode", firstFrameByMode);
        } finally {
            ThrowawayPostgres.deleteTree(dir);
        }
        r.put("failed", failures.size());
        if (!failures.isEmpty()) r.putPOJO("failures", failures);
        out.println(JSON.writeValueAsString(r));
        out.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    /** Sign-ins to first frame, then the typed note, through the gateway of {@code mode}; figures into {@code r}. */
    private void measure(RemoteWorld world, DesktopTls mode, String gatewayUrl, DelayRelay toGateway, DelayRelay toHost, ObjectNode r,
                         List<String> failures) throws Exception {
        String prefix = mode == DesktopTls.END_TO_END ? "" : "gw-";   // a user per sign-in, in either mode
        long[] firstFrame = new long[runs];
        int measured = 0;
        for (int i = 0; i < runs; i++) {
            String user = prefix + "bench-doc-" + i;
            byte[] secret = world.outsideUser(user, "Dr Bench " + i, (mode == DesktopTls.END_TO_END ? "0477" : "0479") + String.format("%06d", i), PASSWORD);
            long t0 = System.nanoTime();
            try (RemoteGateway gw = RemoteGateway.of(gatewayUrl, Optional.of(world.gatewayCa()));
                 RfbSession s = tunnel(gw, gw.signIn(new RemoteSignIn(user, PASSWORD, RemoteWorld.code(secret, Instant.now()), prefix + "bench-pc-" + i,
                         UUID.randomUUID().toString())), mode)) {
                if (!s.awaitFirstFrame(STEP)) throw new IOException("no first frame within " + STEP.toSeconds() + " s");
                firstFrame[measured++] = (System.nanoTime() - t0) / 1_000_000;
            } catch (IOException | RuntimeException e) {
                failures.add("first frame " + i + ": " + OneLine.of(e));
            }
        }
        long[] done = Arrays.copyOf(firstFrame, measured);
        Arrays.sort(done);
        r.put("firstFrameMs", done.length == 0 ? -1 : done[done.length / 2]);
        r.putPOJO("firstFrameMsRuns", done);
        r.put("firstFrameGoalMs", 1000 + 3 * rttMs);
        typing(world, mode, prefix, gatewayUrl, toGateway, toHost, r, failures);
    }

    /**
     * The same note typed on one desktop through the tunnel, then reached directly with the
     * one-time password of a reconnect (the same session, a fresh hand-over), each character
     * waited for until the viewer shows it, as BandwidthBench does; bytes counted at the relays.
     */
    private void typing(RemoteWorld world, DesktopTls mode, String prefix, String gatewayUrl, DelayRelay toGateway, DelayRelay toHost, ObjectNode r,
                        List<String> failures) {
        String user = prefix + "bench-typist";
        byte[] secret = world.outsideUser(user, "Dr Bench Typist", mode == DesktopTls.END_TO_END ? "0478000000" : "0478000001", PASSWORD);
        try (RemoteGateway gw = RemoteGateway.of(gatewayUrl, Optional.of(world.gatewayCa()))) {
            RemoteSignInAnswer a = gw.signIn(new RemoteSignIn(user, PASSWORD, RemoteWorld.code(secret, Instant.now()), prefix + "bench-typist-pc", "t-1-" + mode.wire()));
            long tunnelBytes, tunnelUp;
            try (RfbSession s = tunnel(gw, a, mode)) {
                tunnelBytes = typeNote(world, user, s, toGateway);
                tunnelUp = toGateway.bytesUp();
            }
            RemoteSignInAnswer again = gw.reconnect(new ReconnectRequest(prefix + "bench-typist-pc", user, a.generation(), a.reconnectToken()));
            long directBytes, directUp;
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(toHost.port()).password(again.password()).pinSha256(again.pin())
                    .x509VncOnly().build().connect(new RfbListener() {})) {
                directBytes = typeNote(world, user, s, toHost);
                directUp = toHost.bytesUp();
            }
            double seconds = chars / CHARS_PER_SECOND;
            ObjectNode t = r.putObject("typing").put("chars", chars).put("simulatedSeconds", seconds)
                    .put("directBytes", directBytes).put("tunnelBytes", tunnelBytes)
                    .put("directBytesUp", directUp).put("tunnelBytesUp", tunnelUp);
            t.put("directKbps", Math.round(directBytes * 8 / seconds / 100) / 10.0).put("tunnelKbps", Math.round(tunnelBytes * 8 / seconds / 100) / 10.0);
            r.put("tunnelOverhead", Math.round(1000.0 * tunnelBytes / directBytes - 1000) / 1000.0);
            r.put("tunnelOverheadGoal", 0.05);
        } catch (Exception e) {
            failures.add("typing: " + OneLine.of(e));
        }
    }

    private long typeNote(RemoteWorld world, String user, RfbSession s, DelayRelay relay) throws Exception {
        if (!s.awaitFirstFrame(STEP)) throw new IOException("no first frame within " + STEP.toSeconds() + " s");
        int[] before = pixels(world, user);
        s.sendPointer(100, 44 + 60 - 18 + 20, 1); // the note is for bed 1
        s.sendPointer(100, 44 + 60 - 18 + 20, 0);
        shown(world, user, s, before);
        quiet(relay);
        relay.resetBytes();
        String text = NOTE.repeat(chars / NOTE.length() + 1).substring(0, chars);
        for (char c : text.toCharArray()) {
            before = pixels(world, user);
            s.sendTogether(() -> {   // typed text: each character's press and release happen together
                s.sendKey(c, true);
                s.sendKey(c, false);
            });
            shown(world, user, s, before);
        }
        quiet(relay);
        return relay.bytes();
    }

    /**
     * Until the desktop has changed from {@code before} and the viewer shows it, pixel for pixel;
     * an input that changes nothing (a space at a line's end) is given {@link #NO_CHANGE}.
     */
    private static void shown(RemoteWorld world, String user, RfbSession s, int[] before) throws Exception {
        long start = System.nanoTime(), end = start + STEP.toNanos();
        while (System.nanoTime() - end < 0) {
            int[] want = pixels(world, user);
            boolean changed = !sameRgb(want, before);
            if (!changed && System.nanoTime() - start > NO_CHANGE.toNanos()) return;
            if (changed) {
                int[] got;
                synchronized (s.framebuffer()) {
                    got = s.framebuffer().copyPixels();
                }
                if (sameRgb(want, got)) return;
            }
            Thread.sleep(2);
        }
        throw new IOException("the viewer did not catch up with " + user + "'s desktop within " + STEP.toSeconds() + " s");
    }

    /** Until the relay has carried nothing for {@link #NO_CHANGE}: what an input caused has all arrived. */
    private static void quiet(DelayRelay relay) throws InterruptedException {
        long last = -1, since = System.nanoTime(), end = since + STEP.toNanos();
        while (System.nanoTime() - end < 0) {
            long now = relay.bytes();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > NO_CHANGE.toNanos()) {
                return;
            }
            Thread.sleep(5);
        }
    }

    private static int[] pixels(RemoteWorld world, String user) { return world.desktops().snapshot(user).orElseThrow().pixels(); }

    private static boolean sameRgb(int[] a, int[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (((a[i] ^ b[i]) & 0xFFFFFF) != 0) return false;
        return true;
    }

    /** As an outside device does: the tunnel's answer says who ends the desktop's TLS, and it must be the mode asked for. */
    private static RfbSession tunnel(RemoteGateway gw, RemoteSignInAnswer a, DesktopTls mode) throws IOException {
        RemoteGateway.OpenTunnel t = gw.openDesktopTunnel(a.tunnelTicket(), Duration.ofSeconds(7));
        try {
            if (t.desktopTls() != mode) throw new IOException("the gateway says its desktop TLS is " + t.desktopTls().wire() + ", not " + mode.wire());
            RfbClient.Builder b = RfbClient.builder().host("127.0.0.1").port(443).connector(timeout -> t.socket());
            if (mode == DesktopTls.GATEWAY) b.securityNoneOnly();
            else b.password(a.password()).pinSha256(a.pin()).x509VncOnly();
            return b.build().connect(new RfbListener() {});
        } catch (IOException | RuntimeException e) {
            t.socket().close();
            throw e;
        }
    }
}
