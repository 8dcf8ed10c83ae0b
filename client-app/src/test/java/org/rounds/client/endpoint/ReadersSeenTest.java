package org.rounds.client.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.testpeers.Await;

/** What the endpoint tells the brokers of its badge readers: names that change with the readers, never a badge. */
@Tag("unit")
class ReadersSeenTest {
    private static final Instant T = Instant.parse("2026-12-07T05:00:00Z");
    private final List<List<String>> reports = new CopyOnWriteArrayList<>();
    private final List<ReaderEvent> passed = new CopyOnWriteArrayList<>();

    @Test
    void eachChangeOfTheReadersIsReportedAndEveryEventPassesOn() {
        try (ReadersSeen seen = new ReadersSeen("cart-1", passed::add, reports::add, Duration.ofSeconds(30))) {
            seen.onEvent(new ReaderEvent.ReaderAttached("pcsc:ACS ACR122U 00 00", T));
            awaitReport(List.of("pcsc:ACS ACR122U 00 00"));
            seen.onEvent(badge("hid:pcProx", "12345678"));
            awaitReport(List.of("hid:pcProx", "pcsc:ACS ACR122U 00 00"));
            seen.onEvent(badge("hid:pcProx", "12345678"));   // a reader already known: nothing to report
            seen.onEvent(new ReaderEvent.ReaderDetached("pcsc:ACS ACR122U 00 00", T));
            awaitReport(List.of("hid:pcProx"));
            assertThat(reports).hasSize(3).allSatisfy(r -> assertThat(String.join(" ", r)).doesNotContain("12345678"));
            assertThat(passed).hasSize(4);
        }
    }

    @Test
    void namesAreKeptToWhatABrokerAcceptsAndAtMostEight() {
        try (ReadersSeen seen = new ReadersSeen("cart-1", passed::add, reports::add, Duration.ofSeconds(30))) {
            seen.onEvent(new ReaderEvent.ReaderAttached("pcsc:evil; reader\nforged", T));
            seen.onEvent(new ReaderEvent.ReaderAttached("x".repeat(300), T));
            for (int i = 0; i < 10; i++) seen.onEvent(new ReaderEvent.ReaderAttached("sim:r" + i, T));
            Await.until(Duration.ofSeconds(5), () -> "eight readers reported, last " + seen.names(),
                    () -> !reports.isEmpty() && reports.get(reports.size() - 1).size() == 8);
            assertThat(seen.names()).contains("pcsc:evil? reader?forged", "x".repeat(100)).hasSize(8)
                    .allMatch(n -> n.length() <= 100 && n.matches("[\\p{Print}&&[^;]]+"));
        }
    }

    @Test
    void aReportNoBrokerTookIsSentAgainUnlessANewerOneReplacedIt() {
        java.util.concurrent.atomic.AtomicInteger down = new java.util.concurrent.atomic.AtomicInteger(2);   // the brokers refuse twice
        ReadersSeen.Report flaky = readers -> {
            reports.add(readers);
            return down.getAndDecrement() <= 0;
        };
        try (ReadersSeen seen = new ReadersSeen("cart-1", passed::add, flaky, Duration.ofMillis(50))) {
            seen.onEvent(new ReaderEvent.ReaderAttached("sim:a", T));
            Await.until(Duration.ofSeconds(5), () -> "three tries, " + reports, () -> reports.size() >= 3);
            assertThat(reports).allMatch(r -> r.equals(List.of("sim:a")));
            seen.onEvent(new ReaderEvent.ReaderAttached("sim:b", T));
            awaitReport(List.of("sim:a", "sim:b"));
            assertThat(reports).hasSize(4);
        }
    }

    @Test
    void aReportNoBrokerTookIsTriedAgainAfterASecondThenTwoNotAfterTheWholeRetryDelay() {
        java.util.concurrent.atomic.AtomicInteger down = new java.util.concurrent.atomic.AtomicInteger(2);   // a broker too busy twice
        List<Long> at = new CopyOnWriteArrayList<>();
        ReadersSeen.Report busy = readers -> {
            at.add(System.nanoTime());
            reports.add(readers);
            return down.getAndDecrement() <= 0;
        };
        try (ReadersSeen seen = new ReadersSeen("cart-1", passed::add, busy, Duration.ofSeconds(30))) {
            seen.onEvent(new ReaderEvent.ReaderAttached("sim:a", T));
            Await.until(Duration.ofSeconds(10), () -> "taken on the third try, tries " + reports, () -> reports.size() == 3);
            assertThat(Duration.ofNanos(at.get(1) - at.get(0))).as("first wait").isGreaterThanOrEqualTo(Duration.ofMillis(950));
            assertThat(Duration.ofNanos(at.get(2) - at.get(1))).as("second wait").isGreaterThanOrEqualTo(Duration.ofMillis(1950));
        }
    }

    private void awaitReport(List<String> expected) {
        Await.until(Duration.ofSeconds(5), () -> "a report of " + expected + ", reports " + reports,
                () -> !reports.isEmpty() && reports.get(reports.size() - 1).equals(expected));
    }

    private static ReaderEvent badge(String reader, String id) {
        return new ReaderEvent.BadgePresented(reader, new Credential(Credential.Technology.SIMULATED, id.getBytes(StandardCharsets.US_ASCII), id), T);
    }
}
