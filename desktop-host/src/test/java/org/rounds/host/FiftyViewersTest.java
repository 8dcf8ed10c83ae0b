package org.rounds.host;

import org.junit.jupiter.api.Tag;
import org.rounds.broker.api.DesktopPool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.server.ViewerLimits;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.testpeers.Await;

/** One desktop host with 50 clinicians connected at once: every viewer keeps getting its own desktop's changes. */
@Tag("unit")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FiftyViewersTest {
    private static final int VIEWERS = 50;
    /** All 50 come from 127.0.0.1 to the host's one port, as a gateway's would: the per-source cap is raised for them. */
    private final HostPort port = startPort();
    private final EmbeddedDesktopPool pool = new EmbeddedDesktopPool(port, java.time.Clock.systemUTC());
    private final List<RfbSession> sessions = new ArrayList<>();

    private static HostPort startPort() {
        try {
            return HostPort.builder().limits(ViewerLimits.builder().maxConnectionsPerSource(VIEWERS).build()).start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() {
        sessions.forEach(RfbSession::close);
        pool.close();
        port.close();
    }

    private static final class Counting implements RfbListener {
        final AtomicInteger updates = new AtomicInteger();
        volatile boolean closed;

        @Override public void updateEnd() { updates.incrementAndGet(); }

        @Override public void closed(Optional<Throwable> cause) { closed = true; }
    }

    @Test
    void fiftyViewersAreAllServedTheirOwnDesktop() throws Exception {
        List<Counting> listeners = new ArrayList<>();
        for (int i = 0; i < VIEWERS; i++) {
            DesktopAddress a = pool.handOver("user" + i, "Clinician " + i);
            Counting l = new Counting();
            listeners.add(l);
            sessions.add(Viewers.to(a)
                    .encodings(List.of(i % 2 == 0 ? "zrle" : "tight", "raw")).build().connect(l));
        }
        for (RfbSession s : sessions) assertThat(s.awaitFirstFrame(Duration.ofSeconds(30))).isTrue();

        for (int i = 0; i < VIEWERS; i++) {
            for (char c : ("bed " + i).toCharArray()) {
                sessions.get(i).sendKey(c, true);
                sessions.get(i).sendKey(c, false);
            }
        }
        for (int i = 0; i < VIEWERS; i++) awaitSame("user" + i, sessions.get(i));
        for (int i = 0; i < VIEWERS; i++)
            assertThat(pool.desktop("user" + i).orElseThrow().notes()).as("user%d's notes", i).isEqualTo("bed " + i);

        // A second round of typing on all of them at once: every viewer is still served.
        int[] before = listeners.stream().mapToInt(l -> l.updates.get()).toArray();
        for (int i = 0; i < VIEWERS; i++) {
            sessions.get(i).sendKey('!', true);
            sessions.get(i).sendKey('!', false);
        }
        for (int i = 0; i < VIEWERS; i++) awaitSame("user" + i, sessions.get(i));
        for (int i = 0; i < VIEWERS; i++) {
            assertThat(pool.desktop("user" + i).orElseThrow().notes()).isEqualTo("bed " + i + "!");
            assertThat(listeners.get(i).closed).as("viewer %d open", i).isFalse();
            assertThat(listeners.get(i).updates.get()).as("viewer %d still served", i).isGreaterThan(before[i]);
        }
    }

    private void awaitSame(String user, RfbSession s) {
        int[] differing = {-1};
        Await.until(Duration.ofSeconds(30), () -> user + "'s viewer to show the desktop (" + differing[0] + " pixels differ)", () -> {
            DesktopPool.Snapshot truth = pool.snapshot(user).orElseThrow();
            int[] seen;
            synchronized (s.framebuffer()) {
                seen = s.framebuffer().copyPixels();
            }
            differing[0] = 0;
            for (int i = 0; i < seen.length; i++) if ((seen[i] & 0xFFFFFF) != (truth.pixels()[i] & 0xFFFFFF)) differing[0]++;
            return differing[0] == 0;
        });
    }
}
