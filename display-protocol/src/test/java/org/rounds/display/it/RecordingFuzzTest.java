package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.RfbAuthException;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbReplay;

/**
 * Hostile servers, made from real ones: each case takes a prefix of one of the recorded
 * sessions and mutates it (bit flips, boundary values in length fields, deletions,
 * duplications, splices from another recording) before replaying it through the client's
 * decoders. The only way a case may end badly is one {@link RfbProtocolException} (or an
 * {@link RfbAuthException} when the mutation hit the security result); nothing else may be
 * thrown, no case may take over 2 s, and the heap must stay bounded.
 *
 * <p>10,000 cases run in {@code mvn verify}; {@code mvn verify -Pfuzz} runs 1,000,000
 * ({@code -Dfuzz.cases=N} and {@code -Dfuzz.seed=S} choose others). A failing case is written
 * to {@code target/fuzz/} with its seed and index, so it can be replayed alone.
 */
@Tag("unit")
class RecordingFuzzTest {
    private static final long CASE_LIMIT_MS = 2_000;
    private static final long HEAP_LIMIT = 1536L << 20;
    private static final java.util.regex.Pattern ENCODING = java.util.regex.Pattern.compile(", encoding ([a-z0-9-]+), byte offset");
    private static final int[] INTERESTING = {0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 16384, 16385};

    @Test
    void mutatedRecordingsOnlyEverRaiseProtocolErrors() throws Exception {
        int cases = Integer.getInteger("fuzz.cases", 10_000);
        long seed = Long.getLong("fuzz.seed", 20261123L);
        List<byte[]> corpus = new ArrayList<>();
        for (Recordings.Recording r : Recordings.ALL) corpus.add(Recordings.stream(r.name()));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-replay");
            t.setDaemon(true); // a case that never ends must not keep the test JVM alive
            return t;
        });
        List<String> failures = new ArrayList<>();
        java.util.Map<String, Integer> errorsByEncoding = new java.util.TreeMap<>();
        int protocolErrors = 0, clean = 0;
        long peakHeap = 0;
        try {
            SplittableRandom seeds = new SplittableRandom(seed);
            for (int i = 0; i < cases && failures.size() < 20; i++) {
                SplittableRandom rnd = seeds.split();
                byte[] input = mutate(corpus, rnd);
                Future<?> replay = worker.submit(() -> RfbReplay.play(new ByteArrayInputStream(input), new RfbListener() {}));
                try {
                    replay.get(CASE_LIMIT_MS, TimeUnit.MILLISECONDS);
                    clean++;
                } catch (TimeoutException e) {
                    replay.cancel(true);
                    fail("case " + i + " ran over " + CASE_LIMIT_MS + " ms; input in " + save(seed, i, input));
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable t = e.getCause();
                    if (t instanceof RfbProtocolException || t instanceof RfbAuthException) {
                        assertThat(t.getMessage()).as("one line naming what was wrong").isNotBlank().doesNotContain("\n");
                        protocolErrors++;
                        java.util.regex.Matcher m = ENCODING.matcher(t.getMessage());
                        errorsByEncoding.merge(m.find() ? m.group(1) : "(outside a rectangle)", 1, Integer::sum);
                    } else {
                        StackTraceElement where = t.getStackTrace().length > 0 ? t.getStackTrace()[0] : null;
                        failures.add("case " + i + " threw " + t + " at " + where + "; input in " + save(seed, i, input));
                    }
                }
                if (i % 500 == 499) {
                    long used = memory.getHeapMemoryUsage().getUsed();
                    peakHeap = Math.max(peakHeap, used);
                    if (used > HEAP_LIMIT) {
                        System.gc();
                        used = memory.getHeapMemoryUsage().getUsed();
                        assertThat(used).as("heap after GC at case " + i).isLessThan(HEAP_LIMIT);
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.printf("fuzz: %d cases, seed %d: %d ended cleanly, %d protocol errors %s, peak heap seen %d MB%n",
                cases, seed, clean, protocolErrors, errorsByEncoding, peakHeap >> 20);
        assertThat(failures).as("cases that threw something other than a protocol error").isEmpty();
        // The mutations reached into the rectangles of every recording's main encodings, not just the handshake.
        if (cases >= 10_000) assertThat(errorsByEncoding).containsKeys("tight", "zrle", "hextile", "copyrect");
    }

    /** A prefix (1 KB .. 192 KB, log-uniform, so most cases are quick) of one recording with 1..8 mutations. */
    static byte[] mutate(List<byte[]> corpus, SplittableRandom rnd) {
        byte[] source = corpus.get(rnd.nextInt(corpus.size()));
        int length = (int) Math.min(source.length, Math.round(Math.pow(2, 10 + rnd.nextDouble() * 7.6)));
        byte[] b = java.util.Arrays.copyOf(source, length);
        int mutations = 1 + rnd.nextInt(8);
        for (int m = 0; m < mutations && b.length > 8; m++) {
            // Mostly after the handshake (about 60 bytes), where the decoders are.
            int at = rnd.nextInt(8) == 0 ? rnd.nextInt(Math.min(b.length, 80)) : rnd.nextInt(b.length);
            switch (rnd.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> putInteresting(b, at, rnd);
                case 3 -> b = delete(b, at, 1 + rnd.nextInt(Math.min(64, b.length - at)));
                case 4 -> b = duplicate(b, at, 1 + rnd.nextInt(Math.min(256, b.length - at)));
                case 5 -> b = splice(b, at, corpus.get(rnd.nextInt(corpus.size())), rnd);
                default -> b = java.util.Arrays.copyOf(b, at + 1); // torn stream
            }
        }
        return b;
    }

    private static void putInteresting(byte[] b, int at, SplittableRandom rnd) {
        int v = INTERESTING[rnd.nextInt(INTERESTING.length)];
        int width = new int[] {1, 2, 4}[rnd.nextInt(3)];
        for (int k = 0; k < width && at + k < b.length; k++) b[at + k] = (byte) (v >>> (8 * (width - 1 - k)));
    }

    private static byte[] delete(byte[] b, int at, int n) {
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }

    private static byte[] duplicate(byte[] b, int at, int n) {
        byte[] out = new byte[b.length + n];
        System.arraycopy(b, 0, out, 0, at + n);
        System.arraycopy(b, at, out, at + n, b.length - at);
        return out;
    }

    /** Replaces the tail from {@code at} with a stretch of another recording. */
    private static byte[] splice(byte[] b, int at, byte[] other, SplittableRandom rnd) {
        int from = rnd.nextInt(other.length);
        int n = Math.min(other.length - from, 1 + rnd.nextInt(32 * 1024));
        byte[] out = java.util.Arrays.copyOf(b, at + n);
        System.arraycopy(other, from, out, at, n);
        return out;
    }

    private static Path save(long seed, int index, byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz"));
            return Files.write(dir.resolve("seed-" + seed + "-case-" + index + ".rfb"), input);
        } catch (IOException e) {
            return Path.of("(not saved: " + e.getMessage() + ")");
        }
    }
}
