package org.rounds.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two test JVMs of a full run take turns; under -Pquick's property they do not. */
@Tag("unit")
class OneModuleAtATimeTest {
    @TempDir Path dir;

    @Test
    void anotherJvmsTestsWaitUntilThisOnesSessionCloses() throws Exception {
        Path file = dir.resolve("tests.lock");
        OneModuleAtATime ours = new OneModuleAtATime(file, false);
        ours.launcherSessionOpened(null);
        try (OtherJvm other = OtherJvm.start(file, false)) {
            Await.until(Duration.ofSeconds(20), "the other JVM started", () -> other.said.contains("waiting"));
            Thread.sleep(500);   // a lock that did not hold would let it run within this
            assertThat(other.said).as("the other JVM while ours runs").containsExactly("waiting");

            ours.launcherSessionClosed(null);
            Await.until(Duration.ofSeconds(10), "the other JVM running once ours closed", () -> other.said.contains("running"));
        }
    }

    @Test
    void sideBySideTheOtherJvmRunsAtOnce() throws Exception {
        Path file = dir.resolve("tests.lock");
        OneModuleAtATime ours = new OneModuleAtATime(file, true);
        ours.launcherSessionOpened(null);
        try (OtherJvm other = OtherJvm.start(file, true)) {
            Await.until(Duration.ofSeconds(20), "the other JVM running beside ours", () -> other.said.contains("running"));
        } finally {
            ours.launcherSessionClosed(null);
        }
    }

    /** {@link OneModuleAtATimeMain} in its own JVM, and the lines it printed so far. */
    private record OtherJvm(Process process, List<String> said) implements AutoCloseable {
        static OtherJvm start(Path file, boolean sideBySide) throws Exception {
            Process p = new ProcessBuilder(JavaLauncher.command(OneModuleAtATimeMain.class.getName(),
                    List.of(file.toString(), String.valueOf(sideBySide)))).redirectErrorStream(true).start();
            List<String> said = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) said.add(line);
                } catch (java.io.IOException e) {
                    // the process ended
                }
            }, "other-jvm-output");
            reader.setDaemon(true);
            reader.start();
            return new OtherJvm(p, said);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
