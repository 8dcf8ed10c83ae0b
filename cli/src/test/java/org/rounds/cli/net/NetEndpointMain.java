package org.rounds.cli.net;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.rounds.client.endpoint.Endpoint;
import org.rounds.device.Debouncer;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.display.Framebuffer;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.StateListener;
import org.rounds.roaming.session.Transition;

/**
 * A headless cart for tests across machines: the real {@link Endpoint} (RoamingEndpoint, the RFB
 * client over VeNCrypt X509 to the broker's pin) with a {@link SimulatedReader}, run in a network
 * namespace and driven over stdin, one command a line:
 * <ul>
 *   <li>{@code tap BADGE}: the badge presented and taken away;</li>
 *   <li>{@code type TEXT}: TEXT as RFB key events ({@code \n} in TEXT is Return);</li>
 *   <li>{@code point X Y}: the pointer moved there (no button): with no window manager, X gives
 *       the keyboard to the window under the pointer;</li>
 *   <li>{@code frame [X Y]}: prints {@code frame SHA256 WxH COLOURS} of the framebuffer shown, the
 *       square around the pointer at X Y left out (COLOURS: how many distinct colours, at most 256
 *       counted), or {@code frame none};</li>
 *   <li>{@code png FILE}: writes the framebuffer shown to FILE (for reading a failure), prints {@code png ok};</li>
 *   <li>{@code state}: prints {@code state STATE USER};</li>
 *   <li>{@code broker}: prints {@code broker URL}, the broker its calls go to now;</li>
 *   <li>{@code quit}.</li>
 * </ul>
 * It prints {@code ready} once registered, every transition as {@code transition FROM TO USER: REASON},
 * and {@code painted NANOS} / {@code cleared NANOS} ({@link System#nanoTime()}, one clock for every
 * process of the machine) when its screen shows a desktop or nothing. Never a badge number.
 *
 * <p>Arguments: {@code ENDPOINT-ID DIR CA-FILE BROKER-URL[,BROKER-URL...]}, with the endpoint's
 * enrolled key and certificate ({@link Enrolment#KEY_FILE}, {@link Enrolment#CERTIFICATE_FILE}) in DIR.
 */
public final class NetEndpointMain {
    private static final int RETURN = 0xff0d;
    /** Half the side of the square around the pointer that {@code frame} leaves out: a cursor image is 32 x 32 at most here. */
    private static final int POINTER_BOX = 32;

    private NetEndpointMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String id = args[0];
        Path dir = Path.of(args[1]);
        BrokerClient broker = BrokerClient.builder().brokers(Arrays.asList(args[3].split(","))).caFile(Path.of(args[2]))
                .clientCertificate(dir.resolve(Enrolment.KEY_FILE), dir.resolve(Enrolment.CERTIFICATE_FILE)).build();
        EndpointProfile profile = new EndpointProfile(id, EndpointProfile.Kind.parse("cart"), "Ward 4");
        warmUp(broker, profile);
        try (Endpoint endpoint = Endpoint.start(profile, broker, Debouncer.DEFAULT_WINDOW, Clock.systemUTC())) {
            endpoint.roaming().addListener(new StateListener() {
                @Override
                public void transitioned(Transition t) {
                    out.println("transition " + t.from() + " " + t.to() + " " + t.userId().orElse("-") + ": " + t.reason());
                }
            });
            endpoint.display().onFramebuffer(fb -> out.println((fb.isPresent() ? "painted " : "cleared ") + System.nanoTime()));
            SimulatedReader reader = endpoint.own(new SimulatedReader(id, endpoint.clock()));
            reader.start(endpoint.taps());
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                int space = line.indexOf(' ');
                String command = space < 0 ? line : line.substring(0, space), rest = space < 0 ? "" : line.substring(space + 1);
                switch (command) {
                    case "tap" -> {
                        reader.tap(rest);
                        reader.remove();
                    }
                    case "type" -> type(endpoint, rest.replace("\\n", "\n"));
                    case "point" -> {
                        int[] xy = xy(rest);
                        endpoint.display().sendPointer(xy[0], xy[1], 0);
                    }
                    case "frame" -> out.println("frame " + frame(endpoint.display().framebuffer(), rest.isEmpty() ? null : xy(rest)));
                    case "png" -> out.println("png " + png(endpoint.display().framebuffer(), Path.of(rest)));
                    case "broker" -> out.println("broker " + broker.currentBroker());
                    case "state" -> out.println("state " + endpoint.roaming().state() + " " + endpoint.roaming().currentUserId().orElse("-"));
                    default -> out.println("unknown command " + command);
                }
            }
        }
        out.println("closed");
        System.exit(0);   // the endpoint's HTTP client threads are not daemons
    }

    /**
     * Registers until a broker answers, at most 5 times: a cold JVM's first TLS handshake, on a
     * 2-core box starting a dozen JVMs, can outlast the client's 2 s deadline, which a running
     * cart never meets. {@link Endpoint#start} then registers on a warm connection.
     */
    private static void warmUp(BrokerClient broker, EndpointProfile profile) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                broker.register(profile.registration());
                return;
            } catch (org.rounds.roaming.client.BrokerException e) {
                if (attempt == 5) throw e;
            }
        }
    }

    private static int[] xy(String text) {
        String[] xy = text.split(" ");
        return new int[] {Integer.parseInt(xy[0]), Integer.parseInt(xy[1])};
    }

    private static void type(Endpoint endpoint, String text) {
        for (char c : text.toCharArray()) {
            int keysym = c == '\n' ? RETURN : c;   // Latin-1 characters are their own keysyms
            endpoint.display().sendKey(keysym, true);
            endpoint.display().sendKey(keysym, false);
        }
    }

    static String png(Optional<Framebuffer> shown, Path file) throws Exception {
        if (shown.isEmpty()) return "none";
        Framebuffer fb = shown.get();
        java.awt.image.BufferedImage image;
        synchronized (fb) {
            image = new java.awt.image.BufferedImage(fb.width(), fb.height(), java.awt.image.BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, fb.width(), fb.height(), fb.copyPixels(), 0, fb.width());
        }
        javax.imageio.ImageIO.write(image, "png", file.toFile());
        return "ok";
    }

    /** SHA-256 of the pixels (RGB only) and the size, or {@code none} when nothing is shown. */
    static String frame(Optional<Framebuffer> shown, int[] pointer) throws Exception {
        if (shown.isEmpty()) return "none";
        Framebuffer fb = shown.get();
        int[] pixels;
        int w, h;
        synchronized (fb) {
            pixels = fb.copyPixels();
            w = fb.width();
            h = fb.height();
        }
        return frame(pixels, w, h, pointer);
    }

    /** As {@link #frame(Optional, int[])} of {@code pixels} (ARGB or RGB, w x h; changed where the pointer's square is left out). */
    static String frame(int[] pixels, int w, int h, int[] pointer) throws Exception {
        if (pointer != null) {
            // Xvnc draws the pointer into the pixels of viewers that did not move it: the same desktop
            // seen by another endpoint differs there, and nowhere else
            for (int y = Math.max(0, pointer[1] - POINTER_BOX); y < Math.min(h, pointer[1] + POINTER_BOX); y++)
                for (int x = Math.max(0, pointer[0] - POINTER_BOX); x < Math.min(w, pointer[0] + POINTER_BOX); x++) pixels[y * w + x] = 0;
        }
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int i = 0; i < pixels.length && colours.size() < 256; i++) colours.add(pixels[i] & 0xFFFFFF);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] rgb = new byte[pixels.length * 3];
        for (int i = 0; i < pixels.length; i++) {
            rgb[3 * i] = (byte) (pixels[i] >> 16);
            rgb[3 * i + 1] = (byte) (pixels[i] >> 8);
            rgb[3 * i + 2] = (byte) pixels[i];
        }
        return HexFormat.of().formatHex(sha.digest(rgb)) + " " + w + "x" + h + " " + colours.size();
    }
}
