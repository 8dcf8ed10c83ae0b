package org.rounds.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.WireSearch;

/**
 * A relay between the endpoint and the host records every byte the host sends: the desktop's
 * name and a run of its pixels, sent as Raw (the most readable encoding), appear nowhere in it,
 * while the endpoint's framebuffer shows them. The same relay in front of a plain-VNC server
 * finds both, so the search is able to find them.
 */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoDesktopInClearTest {
    private static final String NAME = "Nurse Amina Diallo";
    private static final int RUN = 16;

    private final EmbeddedDesktopPool pool = new EmbeddedDesktopPool();

    @AfterEach
    void close() { pool.close(); }

    @Test
    void theHostPortSendsNeitherTheDesktopNameNorItsPixelsInClear() throws Exception {
        DesktopAddress a = pool.handOver("nurse", NAME);
        try (RecordingRelay relay = new RecordingRelay(a.host(), a.port());
             RfbSession s = RfbClient.builder().host("127.0.0.1").port(relay.port()).password(a.password())
                     .pinSha256(a.pin()).x509VncOnly().encodings(List.of("raw")).build().connect(new EmbeddedDesktopPoolTest.Viewer())) {
            DesktopPool.Snapshot truth = pool.snapshot("nurse").orElseThrow();
            int at = busiestRun(truth);
            awaitShown(s, truth);
            assertThat(s.desktopName()).contains(NAME);

            byte[] wire = relay.serverBytes();
            assertThat(wire.length).as("the framebuffer crossed the relay (encrypted)").isGreaterThan(truth.width() * truth.height());
            assertThat(WireSearch.indexOf(wire, NAME.getBytes(StandardCharsets.UTF_8))).as("the desktop name in clear").isEqualTo(-1);
            assertThat(WireSearch.containsRawRun(wire, truth.pixels(), at, RUN)).as("a run of the desktop's pixels in clear").isFalse();
        }
    }

    @Test
    void theSameRelayInFrontOfPlainVncFindsBoth() throws Exception {
        ClinicalDesktop desktop = new ClinicalDesktop("nurse", NAME);
        RfbServer plain = RfbServer.builder().port(0).source(desktop).security(ServerSecurity.fixedPassword("plain123")).build();
        plain.start();
        try (RecordingRelay relay = new RecordingRelay("127.0.0.1", plain.port());
             RfbSession s = RfbClient.builder().host("127.0.0.1").port(relay.port()).password("plain123")
                     .encodings(List.of("raw")).build().connect(new EmbeddedDesktopPoolTest.Viewer())) {
            DesktopPool.Snapshot truth;
            synchronized (desktop.framebuffer()) {
                truth = new DesktopPool.Snapshot(desktop.framebuffer().width(), desktop.framebuffer().height(), desktop.framebuffer().copyPixels());
            }
            int at = busiestRun(truth);
            awaitShown(s, truth);
            byte[] wire = relay.serverBytes();
            assertThat(WireSearch.indexOf(wire, NAME.getBytes(StandardCharsets.UTF_8))).as("the desktop name in clear").isNotEqualTo(-1);
            assertThat(WireSearch.containsRawRun(wire, truth.pixels(), at, RUN)).as("a run of the desktop's pixels in clear").isTrue();
        } finally {
            plain.close();
            desktop.close();
        }
    }

    private static void awaitShown(RfbSession s, DesktopPool.Snapshot truth) {
        Await.until(Duration.ofSeconds(10), "the endpoint's framebuffer to show the desktop", () -> {
            int[] seen;
            synchronized (s.framebuffer()) {
                seen = s.framebuffer().copyPixels();
            }
            return Arrays.equals(rgb(seen), rgb(truth.pixels()));
        });
    }

    /** Where a run of {@link #RUN} pixels within one row has the most distinct colours: text, not a flat fill. */
    private static int busiestRun(DesktopPool.Snapshot s) {
        int best = -1, bestColours = 0;
        for (int y = 40; y < s.height(); y += 3) { // below the title bar, whose clock ticks
            for (int x = 0; x + RUN <= s.width(); x += 4) {
                int i = y * s.width() + x;
                int colours = (int) Arrays.stream(s.pixels(), i, i + RUN).map(p -> p & 0xFFFFFF).distinct().count();
                if (colours > bestColours) {
                    bestColours = colours;
                    best = i;
                }
            }
        }
        assertThat(bestColours).as("the desktop has a run of several colours").isGreaterThanOrEqualTo(4);
        return best;
    }

    private static int[] rgb(int[] argb) { return Arrays.stream(argb).map(p -> p & 0xFFFFFF).toArray(); }
}
