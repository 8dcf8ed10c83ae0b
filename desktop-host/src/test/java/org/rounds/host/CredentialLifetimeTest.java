package org.rounds.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.display.RfbAuthException;
import org.rounds.display.client.RfbSession;
import org.rounds.display.server.RfbServer;
import org.rounds.testpeers.Await;

/**
 * One-time desktop passwords expire 60 s unused, checked by a real RFB viewer's authentication
 * against the embedded and static pools, on a clock the test moves.
 */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CredentialLifetimeTest {

    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-06T08:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    final MovableClock clock = new MovableClock();

    @Test
    void theLifetimeIsSixtySeconds() {
        assertThat(DesktopPool.CREDENTIAL_LIFETIME).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anEmbeddedPasswordUsedAt59SecondsAdmitsTheViewer() throws Exception {
        try (EmbeddedDesktopPool pool = new EmbeddedDesktopPool(clock)) {
            DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
            clock.advance(Duration.ofSeconds(59));
            try (RfbSession s = EmbeddedDesktopPoolTest.connect(a, new EmbeddedDesktopPoolTest.Viewer())) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
            }
        }
    }

    @Test
    void anEmbeddedPasswordUnusedFor61SecondsIsRefusedByRfbAuthentication() throws Exception {
        try (EmbeddedDesktopPool pool = new EmbeddedDesktopPool(clock)) {
            DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
            clock.advance(Duration.ofSeconds(61));
            assertThatThrownBy(() -> EmbeddedDesktopPoolTest.connect(a, new EmbeddedDesktopPoolTest.Viewer()))
                    .isInstanceOf(RfbAuthException.class);
            // A fresh hand-over still works: the desktop is fine, only the stale password is dead.
            DesktopAddress b = pool.handOver("nurse", "Nurse Amina Diallo");
            try (RfbSession s = EmbeddedDesktopPoolTest.connect(b, new EmbeddedDesktopPoolTest.Viewer())) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
            }
        }
    }

    @Test
    void aStaticPoolsPasswordExpiresTooAndItSeesItsViewerLeave() throws Exception {
        ClinicalDesktop desktop = new ClinicalDesktop("upstream", "Ward 7 workstation");
        RfbServer upstream = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop).build();
        upstream.start();
        try (StaticDesktopPool pool = new StaticDesktopPool(
                List.of(new StaticDesktopPool.Server("nurse", "127.0.0.1", upstream.port(), null)), clock)) {
            DesktopAddress stale = pool.handOver("nurse", "Nurse");
            clock.advance(Duration.ofSeconds(61));
            assertThatThrownBy(() -> EmbeddedDesktopPoolTest.connect(stale, new EmbeddedDesktopPoolTest.Viewer()))
                    .isInstanceOf(RfbAuthException.class);

            DesktopAddress fresh = pool.handOver("nurse", "Nurse");
            clock.advance(Duration.ofSeconds(59));
            try (RfbSession s = EmbeddedDesktopPoolTest.connect(fresh, new EmbeddedDesktopPoolTest.Viewer())) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
                assertThat(pool.vacantSince("nurse")).as("watched through the gateway").isEmpty();
                clock.advance(Duration.ofSeconds(30));
            }
            Instant dropped = clock.instant();
            Await.until(Duration.ofSeconds(5), "the viewer's drop seen through the gateway",
                    () -> pool.vacantSince("nurse").isPresent());
            assertThat(pool.vacantSince("nurse")).contains(dropped);
        } finally {
            upstream.close();
            desktop.close();
        }
    }

    @Test
    void theEmbeddedPoolTellsSinceWhenNobodyWatches() throws Exception {
        try (EmbeddedDesktopPool pool = new EmbeddedDesktopPool(clock)) {
            assertThat(pool.vacantSince("nurse")).as("no desktop yet").isEmpty();
            Instant handedOver = clock.instant();
            DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
            assertThat(pool.vacantSince("nurse")).as("handed over, not yet used").contains(handedOver);

            EmbeddedDesktopPoolTest.Viewer v = new EmbeddedDesktopPoolTest.Viewer();
            RfbSession s = EmbeddedDesktopPoolTest.connect(a, v);
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
            assertThat(pool.vacantSince("nurse")).as("watched").isEmpty();

            clock.advance(Duration.ofSeconds(300));
            Instant dropped = clock.instant();
            s.close();
            Await.until(Duration.ofSeconds(5), "the viewer's drop seen by the pool",
                    () -> pool.vacantSince("nurse").isPresent());
            assertThat(pool.vacantSince("nurse")).contains(dropped);
        }
    }
}
