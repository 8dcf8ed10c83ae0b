package org.rounds.testpeers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay on loopback, in front of an in-process echo server: delay, cut and restore, recording, its bounds. */
@Tag("unit")
@Timeout(60)
class RelayTest {

    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private ServerSocket echo;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Relay.daemon(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Relay.daemon(() -> echoAll(s), "echo").start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "echo-accept").start();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    @Test
    void addsTheDelayItWasGivenEachWay() throws Exception {
        Duration delay = Duration.ofMillis(150);
        try (Relay relay = relay(Relay.builder(ANY_LOOPBACK_PORT, echoAddress()).delay(delay));
             Socket s = connect(relay)) {
            roundTrip(s, "warm up");
            long start = System.nanoTime();
            roundTrip(s, "x");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("150 ms there and 150 ms back").isGreaterThanOrEqualTo(delay.multipliedBy(2))
                    .isLessThan(delay.multipliedBy(2).plusSeconds(2));
        }
    }

    @Test
    void aCutDropsOpenConnectionsRefusesNewOnesAndEndsByItself() throws Exception {
        try (Relay relay = relay(Relay.builder(ANY_LOOPBACK_PORT, echoAddress()))) {
            Socket before = connect(relay);
            assertThat(roundTrip(before, "before")).isEqualTo("before");
            int port = relay.address().getPort();

            relay.cut(Duration.ofSeconds(1));
            assertThat(relay.isCut()).isTrue();
            before.setSoTimeout(5000);
            assertThat(readOrFail(before.getInputStream())).as("the open connection is dropped").isEqualTo(-1);
            assertThatThrownBy(() -> connect(relay)).isInstanceOf(ConnectException.class);

            Await.until(Duration.ofSeconds(5), "the relay to accept again after its 1 s cut", () -> !relay.isCut());
            assertThat(relay.address().getPort()).as("the same port").isEqualTo(port);
            try (Socket after = connect(relay)) {
                assertThat(roundTrip(after, "after")).isEqualTo("after");
            }
            before.close();
        }
    }

    @Test
    void restoreEndsACutEarly() throws Exception {
        try (Relay relay = relay(Relay.builder(ANY_LOOPBACK_PORT, echoAddress()))) {
            relay.cut(Duration.ofMinutes(10));
            assertThatThrownBy(() -> connect(relay)).isInstanceOf(ConnectException.class);
            relay.restore();
            try (Socket s = connect(relay)) {
                assertThat(roundTrip(s, "back")).isEqualTo("back");
            }
        }
    }

    @Test
    void recordsTheBytesForwardedEachWayUpToItsLimit() throws Exception {
        try (Relay relay = relay(Relay.builder(ANY_LOOPBACK_PORT, echoAddress()).recordLimit(10))) {
            try (Socket s = connect(relay)) {
                roundTrip(s, "Nurse Diallo, bed 4");
            }
            Await.until(Duration.ofSeconds(5), "both directions counted",
                    () -> relay.forwarded(Relay.Direction.FROM_TARGET) == 20 && relay.forwarded(Relay.Direction.TO_TARGET) == 20);
            assertThat(new String(relay.recorded(Relay.Direction.TO_TARGET), UTF_8)).isEqualTo("Nurse Dial");
            assertThat(new String(relay.recorded(Relay.Direction.FROM_TARGET), UTF_8)).isEqualTo("Nurse Dial");
        }
        try (Relay relay = relay(Relay.builder(ANY_LOOPBACK_PORT, echoAddress()))) {
            try (Socket a = connect(relay); Socket b = connect(relay)) {
                roundTrip(a, "first");
                roundTrip(b, "second");
            }
            assertThat(new String(relay.recorded(Relay.Direction.TO_TARGET), UTF_8)).isEqualTo("first\nsecond\n");
        }
    }

    @Test
    void closesConnectionsBeyondItsCapAndEverythingOnClose() throws Exception {
        Relay relay = relay(Relay.builder(ANY_LOOPBACK_PORT, echoAddress()).maxConnections(2));
        Socket a = connect(relay), b = connect(relay);
        assertThat(roundTrip(a, "a")).isEqualTo("a");
        assertThat(roundTrip(b, "b")).isEqualTo("b");
        try (Socket third = connect(relay)) {
            third.setSoTimeout(5000);
            assertThat(readOrFail(third.getInputStream())).as("the third is closed at once").isEqualTo(-1);
        }
        assertThat(relay.accepted()).isEqualTo(2);

        relay.close();
        a.setSoTimeout(5000);
        assertThat(readOrFail(a.getInputStream())).isEqualTo(-1);
        assertThatThrownBy(() -> connect(relay)).isInstanceOf(ConnectException.class);
        Await.until(Duration.ofSeconds(5), "every relay thread to end", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("relay-") && t.isAlive()));
        relay.close();   // idempotent
        a.close();
        b.close();
    }

    private Relay relay(Relay.Builder builder) {
        return builder.start();
    }

    private InetSocketAddress echoAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
    }

    private static Socket connect(Relay relay) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(relay.address(), 2000);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Sends {@code line} and a newline, returns what comes back up to the newline. */
    private static String roundTrip(Socket s, String line) throws IOException {
        s.setSoTimeout(5000);
        s.getOutputStream().write((line + "\n").getBytes(UTF_8));
        byte[] back = new byte[line.length() + 1];
        int n = 0;
        while (n < back.length) {
            int r = s.getInputStream().read(back, n, back.length - n);
            if (r < 0) throw new IOException("closed after " + n + " bytes");
            n += r;
        }
        return new String(Arrays.copyOf(back, n - 1), UTF_8);
    }

    /** -1 for an orderly close or a reset (both: the relay dropped the connection), else the byte read. */
    private static int readOrFail(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    private static void echoAll(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
