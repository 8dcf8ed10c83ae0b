package org.rounds.device.hid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pcProx driver on a real kernel's HID stack, in a QEMU guest with a uhid pcProx
 * (src/test/qemu/README.md). Optional: skipped, under CI too, unless qemu-system-x86_64, the
 * prepared guest image (ROUNDS_QEMU_IMAGE) and the rounds jar are all here.
 */
// peer, not unit: it boots a QEMU guest (skipped here without one)
@Tag("peer")
class QemuHidHarnessTest {

    @Test
    void aPcProxOnARealKernelIsSeenTappedAndRemoved(@TempDir Path out) throws Exception {
        String image = System.getenv("ROUNDS_QEMU_IMAGE");
        Path jar = Path.of(System.getenv().getOrDefault("ROUNDS_JAR", "../client-app/target/rounds.jar"));
        Assumptions.assumeTrue(image != null && Files.isRegularFile(Path.of(image)),
                "optional QEMU harness: set ROUNDS_QEMU_IMAGE to a prepared guest image (src/test/qemu/README.md)");
        Assumptions.assumeTrue(onPath("qemu-system-x86_64"), "optional QEMU harness: qemu-system-x86_64 is not installed");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "optional QEMU harness: build " + jar + " first");

        ProcessBuilder pb = new ProcessBuilder("bash", "src/test/qemu/run.sh", out.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("run.log").toFile());
        pb.environment().put("ROUNDS_JAR", jar.toAbsolutePath().toString());
        Process p = pb.start();
        assertThat(p.waitFor(6, TimeUnit.MINUTES)).as("the guest finished within 6 minutes").isTrue();
        assertThat(p.exitValue()).as(Files.readString(out.resolve("run.log"))).isZero();

        List<String> events = Files.readAllLines(out.resolve("watch.jsonl"));
        assertThat(events).anyMatch(l -> l.contains("\"reader\":\"hid:0c27:3bfa") && l.contains("\"type\":\"presented\"")
                && l.contains("PROX_125KHZ"));
        assertThat(events).anyMatch(l -> l.contains("\"reader\":\"hid:0c27:3bfa") && l.contains("\"type\":\"removed\""));
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) return true;
        }
        return false;
    }
}
