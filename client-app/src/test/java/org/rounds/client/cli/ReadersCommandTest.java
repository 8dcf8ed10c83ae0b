package org.rounds.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderEvent;
import org.rounds.device.usb.FakeUsbWatcher;
import org.rounds.device.inventory.ReaderDrivers;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Pcscd;
import org.rounds.testpeers.VirtualCard;

@Tag("peer")
class ReadersCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void fakeUsb() {
        ReadersWatchCommand.usbWatcher = FakeUsbWatcher::new;
    }

    @AfterEach
    void restore() {
        ReadersWatchCommand.simInput = System.in;
        ReadersWatchCommand.usbWatcher = ReaderDrivers::usbWatcher;
    }

    private int run(String... args) {
        return EndpointMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Every stdout line parsed as JSON (fails when one is not). */
    private List<Map<String, String>> lines() throws Exception {
        List<Map<String, String>> all = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            if (!line.isBlank()) {
                all.add(JSON.readValue(line, new TypeReference<Map<String, String>>() {}));
            }
        }
        return all;
    }

    private List<Map<String, String>> from(String reader) throws Exception {
        return lines().stream().filter(m -> reader.equals(m.get("reader"))).toList();
    }

    @Test
    void watchPrintsTheSimulatedReadersTapAndRemovalAsJsonLinesWithTheId() throws Exception {
        ReadersWatchCommand.simInput = new ByteArrayInputStream("tap 0412AB\nremove\n".getBytes(StandardCharsets.UTF_8));
        Instant before = Instant.now();
        assertThat(run("readers", "watch", "--sim", "--seconds", "1")).isZero();

        List<Map<String, String>> sim = from("sim:stdin");
        assertThat(sim).hasSize(2);
        assertThat(sim.get(0)).containsEntry("type", "presented").containsEntry("technology", "SIMULATED")
                .containsEntry("id", "0412AB").containsEntry("raw", "303431324142");
        assertThat(Instant.parse(sim.get(0).get("time"))).isBetween(before, Instant.now());
        assertThat(sim.get(1)).containsOnlyKeys("reader", "type", "time").containsEntry("type", "removed");
        assertThat(from("usb:hid:0c27:3bfa@1-4")).singleElement().satisfies(m -> assertThat(m).containsEntry("type", "attached"));
        assertThat(err.toString()).contains("watching").contains("sim:stdin").contains("for 1 s");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && t.getName().startsWith("rounds-sim-reader"));
    }

    @Test
    void watchPrintsAVirtualCardTappedOnARealPcscd() throws Exception {
        String reader = "pcsc:Virtual PCD 00 00";
        try (Pcscd pcscd = Pcscd.start()) {
            CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> run("readers", "watch", "--seconds", "8",
                    "--uid-format", "uid-hex-reversed"));
            awaitLine(m -> reader.equals(m.get("reader")) && "attached".equals(m.get("type")));
            try (VirtualCard card = new VirtualCard(pcscd.vpcdPort(0), HexFormat.of().parseHex("04A1B2C3D4E580"))) {
                awaitLine(m -> reader.equals(m.get("reader")) && "presented".equals(m.get("type")));
            }
            awaitLine(m -> reader.equals(m.get("reader")) && "removed".equals(m.get("type")));
            assertThat(watch.get(20, TimeUnit.SECONDS)).isZero();
        }
        List<Map<String, String>> pcsc = from(reader);
        assertThat(pcsc).extracting(m -> m.get("type")).containsExactly("attached", "presented", "removed");
        assertThat(pcsc.get(1)).containsEntry("technology", "CONTACTLESS_UID").containsEntry("id", "80E5D4C3B2A104").containsEntry("raw", "04A1B2C3D4E580");
    }

    private void awaitLine(Predicate<Map<String, String>> wanted) throws Exception {
        Await.until(Duration.ofSeconds(10), () -> "the wanted line in the output:\n" + out, () -> lines().stream().anyMatch(wanted));
    }

    @Test
    void watchWithoutPcscdSaysSoInOneJsonErrorLine() throws Exception {
        ReadersWatchCommand.simInput = new ByteArrayInputStream(new byte[0]);
        assertThat(run("readers", "watch", "--sim", "--seconds", "1")).isZero();
        // pcscd is not running outside the Pcscd test: the pcsc driver says what to install
        assertThat(from("pcsc")).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("type", "error");
            assertThat(m.get("message")).isEqualTo("pcscd is not running: apt-get install pcscd libpcsclite1, then start pcscd");
        });
    }

    @Test
    void badOptionsAreOneLine() {
        assertThat(run("readers", "watch", "--seconds", "0")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds watch: --seconds 0 is outside 1..86400");
        err.getBuffer().setLength(0);
        assertThat(run("readers", "watch", "--format", "h10302")).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("rounds watch: unknown credential format 'h10302'; known: ")
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void doctorReadersListsEveryDriverWithStateAndWhatToInstall() {
        assertThat(run("doctor", "readers")).isZero();
        String report = out.toString();
        assertThat(report.lines()).anySatisfy(l -> assertThat(l).startsWith("MISSING  pcsc")
                .endsWith("pcscd is not running: apt-get install pcscd libpcsclite1, then start pcscd"));
        assertThat(report.lines()).anySatisfy(l -> assertThat(l).startsWith("none     hid").endsWith("no RF IDeas pcProx attached"));
        assertThat(report.lines()).anySatisfy(l -> assertThat(l)
                .matches("ready +usb +usb:hid:0c27:3bfa@1-4 +plugged in; read by the hid driver"));
        assertThat(report.lines()).anySatisfy(l -> assertThat(l).matches("(none|MISSING) +wedge .*"));
    }

    @Test
    void doctorReadersSeesTheVirtualReadersWhenPcscdRuns() {
        try (Pcscd pcscd = Pcscd.start()) {
            assertThat(run("doctor", "readers")).isZero();
        }
        assertThat(out.toString().lines()).anySatisfy(l -> assertThat(l)
                .matches("ready +pcsc +pcsc:Virtual PCD 00 00 +contactless UIDs as uid-hex"));
    }
}
