package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Peers;
import org.rounds.testpeers.XvncServer;

/**
 * Against TigerVNC Xvnc: Caps Lock (sent as a QEMU extended key event) lights the remote Caps
 * Lock LED, which comes back as QEMU LED state; clipboard text with non-Latin-1 characters goes
 * both ways through the Extended Clipboard, checked with {@code xclip} on the server's display.
 */
@Tag("peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeysAndClipboardInteropTest {
    private static final String TEXT = "Grüße, Zoë — ✓ 血压 120/80\nsecond line";

    private static final class Listener implements RfbListener {
        final LinkedBlockingQueue<Integer> leds = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<String> clipboard = new LinkedBlockingQueue<>();

        @Override public void ledState(int state) { leds.add(state); }

        @Override public void clipboard(String text) { clipboard.add(text); }

        @Override public void closed(Optional<Throwable> cause) {}
    }

    /** xclip on the server's display, its output kept (XDisplay.exec discards it); -i stays as the owner until killed. */
    private static Process xclip(XvncServer x, String mode) throws java.io.IOException {
        ProcessBuilder pb = new ProcessBuilder("xclip", "-selection", "clipboard", mode).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DISPLAY", x.display());
        Process p = pb.start();
        OWNERS.add(p);
        return p;
    }

    private static final List<Process> OWNERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterAll
    static void stopXclip() { OWNERS.forEach(Process::destroyForcibly); }

    private static RfbSession connect(XvncServer x, Listener l) throws Exception {
        RfbSession s = RfbClient.builder().host("127.0.0.1").port(x.port()).connectTimeout(Duration.ofSeconds(5))
                .encodings(List.of("zrle")).build().connect(l);
        assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
        return s;
    }

    /**
     * Waits for an LED state whose Caps Lock bit is {@code on}, skipping the states before it
     * (the first update may carry one, sent before the key was pressed).
     */
    private static void awaitCapsLockLed(Listener l, boolean on) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Integer state; (state = l.leds.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (((state & 4) != 0) == on) return;
        }
        throw new AssertionError("no LED state with Caps Lock " + (on ? "on" : "off") + " within 5 s");
    }

    @Test
    void capsLockLightsTheRemoteLedAndItsStateComesBack() throws Exception {
        try (XvncServer x = XvncServer.start(320, 240)) {
            Listener l = new Listener();
            try (RfbSession s = connect(x, l)) {
                s.sendKey(0xffe5, true); // Caps_Lock
                s.sendKey(0xffe5, false);
                awaitCapsLockLed(l, true);
                s.sendKey(0xffe5, true);
                s.sendKey(0xffe5, false);
                awaitCapsLockLed(l, false);
            }
        }
    }

    @Test
    void unicodeClipboardTextGoesBothWays() throws Exception {
        Peers.require("xclip", "xclip");
        try (XvncServer x = XvncServer.start(320, 240)) {
            Listener l = new Listener();
            try (RfbSession s = connect(x, l)) {
                String[] remote = {""};
                Await.until(Duration.ofSeconds(10), () -> "the X clipboard on the server to hold the text (it holds \"" + remote[0] + "\")", () -> {
                    Process p = xclip(x, "-o");
                    remote[0] = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor(5, TimeUnit.SECONDS);
                    if (remote[0].equals(TEXT)) return true;
                    // Offered again until it arrives whole: before the server's clipboard caps reach
                    // the client it goes as Latin-1 cut text, after them through the Extended Clipboard.
                    s.sendClipboard(TEXT);
                    return false;
                });

                String back = "Ward 7 ✓ — reçu";
                Process owner = xclip(x, "-i");
                try (OutputStream in = owner.getOutputStream()) {
                    in.write(back.getBytes(StandardCharsets.UTF_8));
                }
                String got = null;
                for (int i = 0; i < 10 && !back.equals(got); i++) got = l.clipboard.poll(1, TimeUnit.SECONDS);
                assertThat(got).as("clipboard text the client heard").isEqualTo(back);
            }
        }
    }
}
