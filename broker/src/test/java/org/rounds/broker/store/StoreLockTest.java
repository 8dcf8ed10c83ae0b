package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store lock across processes, as an administrator meets it: a broker runs in one process,
 * {@code rounds broker enroll} starts in another. (In one JVM, KeysAndStoreTest covers it.)
 */
// peer, not unit: the lock is held by a child JVM (another process is the point)
@Tag("peer")
@Timeout(60)
class StoreLockTest {
    @TempDir Path dir;

    @Test
    void anotherProcessHoldingTheStoreKeepsThisOneOutUntilItEnds() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> StoreLock.acquire(dir, "in use")).isInstanceOf(IllegalStateException.class).hasMessage("in use");
            holder.getOutputStream().close();   // the holder ends
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
            try (StoreLock mine = StoreLock.acquire(dir, "in use")) {
                assertThatThrownBy(() -> StoreLock.acquire(dir, "in use here")).as("and within this JVM").hasMessage("in use here");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    /** The other process: holds the store in args[0] until its stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (StoreLock lock = StoreLock.acquire(Path.of(args[0]), "in use")) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to close our stdin
                }
            }
        }
    }
}
