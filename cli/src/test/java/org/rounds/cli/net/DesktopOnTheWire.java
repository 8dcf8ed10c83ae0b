package org.rounds.cli.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Relay;
import org.rounds.testpeers.WireSearch;

/**
 * Issue 18's last proof across machines, for a desktop a broker handed out: a relay in the root
 * namespace, standing where a router would between the endpoint and the host's namespace, records
 * what the host sends (Raw encoding, the most readable) and finds neither the desktop's name nor
 * a run of its pixels in it; the endpoint's display given a wrong pin refuses in one line.
 * (desktop-host's NoDesktopInClearTest shows on loopback that the same search finds both in plain VNC.)
 */
final class DesktopOnTheWire {
    private static final int RUN = 16;

    private DesktopOnTheWire() {}

    /** The endpoint's own display, {@code address} with its pin's last digit changed: refused before any password is sent. */
    static String refusalOfAWrongPin(DesktopAddress address) {
        String pin = address.pin();
        String wrong = pin.substring(0, pin.length() - 1) + (pin.endsWith("0") ? "1" : "0");
        try {
            new RfbDesktopDisplay().connect(new DesktopAddress(address.host(), address.port(), address.password(), wrong), reason -> {});
            throw new AssertionError("a desktop with a wrong pin was shown");
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** What the relay saw of a viewer that showed the desktop: whether the name or a run of the shown pixels crossed in clear. */
    record Seen(long bytes, String desktopName, boolean nameInClear, boolean pixelsInClear, int coloursInRun) {}

    static Seen throughARelay(InetAddress relayAddress, DesktopAddress address) throws Exception {
        try (Relay relay = Relay.builder(new InetSocketAddress(relayAddress, 0), new InetSocketAddress(address.host(), address.port())).start();
             RfbSession s = RfbClient.builder().host(relay.address().getAddress().getHostAddress()).port(relay.address().getPort())
                     .password(address.password()).pinSha256(address.pin()).x509VncOnly().encodings(List.of("raw"))
                     .connectTimeout(Duration.ofSeconds(5)).build().connect(new RfbListener() {})) {
            int[][] last = {new int[0]};
            Await.until(Duration.ofSeconds(20), "the viewer behind the relay to show a settled desktop with its xterm", () -> {
                int[] now;
                synchronized (s.framebuffer()) {
                    now = s.framebuffer().copyPixels();
                }
                boolean settled = Arrays.equals(now, last[0]) && Arrays.stream(now).map(p -> p & 0xFFFFFF).distinct().count() > 2;
                last[0] = now;
                return settled;
            });
            int width = s.framebuffer().width();
            int at = busiestRun(last[0], width);
            byte[] wire = relay.recorded(Relay.Direction.FROM_TARGET);
            int colours = (int) Arrays.stream(last[0], at, at + RUN).map(p -> p & 0xFFFFFF).distinct().count();
            return new Seen(wire.length, s.desktopName(), WireSearch.indexOf(wire, s.desktopName().getBytes(StandardCharsets.UTF_8)) >= 0,
                    WireSearch.containsRawRun(wire, last[0], at, RUN), colours);
        }
    }

    /** Where a run of {@link #RUN} pixels within one row has the most distinct colours: text, not a flat fill. */
    private static int busiestRun(int[] pixels, int width) {
        int best = 0, bestColours = 0;
        for (int i = 0; i + RUN <= pixels.length; i += 2) {
            if (i % width + RUN > width) continue;
            int colours = (int) Arrays.stream(pixels, i, i + RUN).map(p -> p & 0xFFFFFF).distinct().count();
            if (colours > bestColours) {
                bestColours = colours;
                best = i;
            }
        }
        assertThat(bestColours).as("the desktop has a run of more than one colour").isGreaterThanOrEqualTo(2);
        return best;
    }

}
