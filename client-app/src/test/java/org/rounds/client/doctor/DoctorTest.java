package org.rounds.client.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class DoctorTest {

    @Test
    void javaSeventeenAndNewerAreOkOlderIsMissingWithWhatToInstall() {
        assertThat(SystemChecks.java(Runtime.Version.parse("17.0.15")).ok()).isTrue();
        assertThat(SystemChecks.java(Runtime.Version.parse("21")).ok()).isTrue();
        Check old = SystemChecks.java(Runtime.Version.parse("11.0.2"));
        assertThat(old.ok()).isFalse();
        assertThat(old.detail()).startsWith("11.0.2").contains("install Java 17");
    }

    @Test
    void reportHasOneAlignedLinePerCheckAndASummary() {
        String report = Doctor.format(List.of(
                Check.ok("Java", "17.0.15"),
                Check.missing("X display", "DISPLAY is not set"),
                new Check("pcscd", true, "answers\non two lines")));
        assertThat(report.lines()).containsExactly(
                "ok       Java       17.0.15",
                "MISSING  X display  DISPLAY is not set",
                "ok       pcscd      answers on two lines",
                "1 of 3 checks missing.");
    }

    @Test
    void allOkSummary() {
        assertThat(Doctor.format(List.of(Check.ok("a", "x"))).lines()).last().isEqualTo("All 1 checks ok.");
    }

    @Test
    void aThrowingCheckAndAHangingCheckEachBecomeOneMissingLine() {
        Map<String, Supplier<Check>> checks = new LinkedHashMap<>();
        checks.put("throws", () -> {
            throw new UnsatisfiedLinkError("libhidapi.so: cannot open");
        });
        checks.put("hangs", () -> {
            try {
                Thread.sleep(60_000);   // kept: a check that never answers, for the Doctor's 300 ms bound
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Check.ok("hangs", "never");
        });
        checks.put("fine", () -> Check.ok("fine", "yes"));
        List<Check> results = new Doctor(checks, Duration.ofMillis(300)).run();
        assertThat(results).containsExactly(
                Check.missing("throws", "check failed: UnsatisfiedLinkError: libhidapi.so: cannot open"),
                Check.missing("hangs", "no answer within 300 ms"),
                Check.ok("fine", "yes"));
    }

    @Test
    void printWritesTheReportAndSaysWhetherAllIsOk() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<String, Supplier<Check>> checks = Map.of("Java", () -> Check.ok("Java", "17"));
        boolean ok = new Doctor(checks, Duration.ofSeconds(1)).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(ok).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("ok       Java  17");
    }

    @Test
    void xDisplayNeedsDisplaySetAndALiveSocket(@TempDir Path dir) throws IOException {
        assertThat(SystemChecks.xDisplay(null, dir).ok()).isFalse();
        assertThat(SystemChecks.xDisplay(":7", dir).detail()).contains("X7 does not exist");

        Path socket = dir.resolve("X7");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(SystemChecks.xDisplay(":7.0", dir).ok()).isTrue();
        }
        // the socket file is left behind by a dead server: refused
        assertThat(Files.exists(socket)).isTrue();
        assertThat(SystemChecks.xDisplay(":7", dir).detail()).contains("refuses connections");
        assertThat(SystemChecks.xDisplay("otherhost:0", dir).ok()).isTrue();
    }

    @Test
    void realChecksNeverThrowOnThisMachine() {
        List<Check> results = new Doctor().run();
        assertThat(results).extracting(Check::name).containsExactly("Java", "JavaFX", "X display", "pcscd",
                "PC/SC readers", "HID readers", "USB access", "loopback ports", "broker port");
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results).allSatisfy(c -> assertThat(c.detail()).isNotBlank().doesNotContain("\n"));
    }
}
