package org.rounds.cli.vnc;

import org.rounds.broker.api.OneLine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.display.client.VncAddress;
import org.rounds.display.fbs.FbsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Records a VNC session in the FBS 001.000 format (rfbproxy's), replayable with",
                "'rounds bench decode'. Stops after --seconds, when the server closes, or on Ctrl+C.",
                "The recording starts with a security-None handshake: no password material is kept."})
public final class RecordCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    VncConnectOptions connect;

    @Parameters(index = "0", paramLabel = "URL", description = "The server: vnc://host:port, host::port or host:display.")
    String url;

    @Parameters(index = "1", paramLabel = "OUT.fbs", description = "Where to write the recording.")
    Path out;

    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds (default: until Ctrl+C).")
    Integer seconds;

    @Override
    public Integer call() throws Exception {
        VncAddress address = VncAddress.parse(url);
        if (seconds != null && seconds < 1) throw new IllegalArgumentException("--seconds must be at least 1");
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong updates = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (FbsWriter fbs = FbsWriter.to(new BufferedOutputStream(Files.newOutputStream(out), 256 * 1024))) {
            RfbSession s;
            try {
                s = connect.client(address).connect(new RfbListener() {
                    @Override public void updateEnd() { updates.incrementAndGet(); }

                    @Override public void closed(Optional<Throwable> cause) {
                        cause.ifPresent(failure::set);
                        done.countDown();
                    }
                }, fbs);
            } catch (IOException e) {
                throw VncConnectOptions.explain(e, address);
            }
            Thread hook = new Thread(() -> { // Ctrl+C: the JVM will not wait for main, so finish the file here
                s.close();
                try {
                    fbs.close();
                } catch (IOException e) {
                    System.err.println("rounds record: " + OneLine.of(e));
                }
                done.countDown();
            }, "rounds-record-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            if (seconds == null) done.await();
            else done.await(seconds, TimeUnit.SECONDS);
            s.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl+C: the hook is running and has closed the session
            }
            System.out.printf("record: %.1f s, %d updates, %.2f MB from %s → %s%s%n", (System.nanoTime() - start) / 1e9,
                    updates.get(), fbs.bytesWritten() / 1e6, address, out,
                    failure.get() == null ? "" : " (the session ended: " + OneLine.of(failure.get()) + ")");
        }
        return 0;
    }
}
