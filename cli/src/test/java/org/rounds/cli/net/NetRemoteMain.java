package org.rounds.cli.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.client.remote.RemoteDesk;
import org.rounds.roaming.client.RemoteGateway;

/**
 * A headless outside device for tests across machines: the real {@link RemoteDesk} (sign-in at
 * the gateway, the desktop through its tunnel over VeNCrypt X509Vnc, the reconnect after a drop)
 * on the client's {@link RfbDesktopDisplay}, run in the "outside" namespace and driven over stdin,
 * one command a line:
 * <ul>
 *   <li>{@code signin USER PASSWORD CODE} (no spaces in any): prints {@code signed-in}, or {@code refused LINE} with the line the form would show;</li>
 *   <li>{@code point X Y}, {@code frame [X Y]}, {@code png FILE}: as {@link NetEndpointMain}'s;</li>
 *   <li>{@code signout}, {@code quit}.</li>
 * </ul>
 * It prints {@code ready}, then what the view would hear: {@code shown NAME}, {@code reconnecting
 * WHY}, {@code ended WHY}, and {@code painted NANOS} / {@code cleared NANOS} ({@link System#nanoTime()})
 * when its screen shows a desktop or nothing. Never a password or a code.
 *
 * <p>Arguments: {@code GATEWAY-URL CA-FILE DEVICE-ID} (the CA of the gateway's public port).
 */
public final class NetRemoteMain {
    private NetRemoteMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        URI gateway = URI.create(args[0]);
        RfbDesktopDisplay display = new RfbDesktopDisplay();
        display.onFramebuffer(fb -> out.println((fb.isPresent() ? "painted " : "cleared ") + System.nanoTime()));
        try (RemoteDesk desk = new RemoteDesk(RemoteGateway.of(args[0], Optional.of(Path.of(args[1]))), gateway.getHost() + ":" + gateway.getPort(),
                display, args[2], new RemoteDesk.Listener() {
                    @Override public void shown(String displayName) { out.println("shown " + displayName); }
                    @Override public void reconnecting(String why) { out.println("reconnecting " + why); }
                    @Override public void ended(String why) { out.println("ended " + why); }
                })) {
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "signin" -> {
                        try {
                            desk.signIn(words[1], words[2], words[3]);
                            out.println("signed-in");
                        } catch (IOException e) {
                            out.println("refused " + e.getMessage());
                        }
                    }
                    case "point" -> display.sendPointer(Integer.parseInt(words[1]), Integer.parseInt(words[2]), 0);
                    case "frame" -> out.println("frame " + NetEndpointMain.frame(display.framebuffer(),
                            words.length < 3 ? null : new int[] {Integer.parseInt(words[1]), Integer.parseInt(words[2])}));
                    case "png" -> out.println("png " + NetEndpointMain.png(display.framebuffer(), Path.of(words[1])));
                    case "signout" -> desk.signOut();
                    default -> out.println("unknown command " + words[0]);
                }
            }
        }
        out.println("closed");
        System.exit(0);   // the HTTP client's threads are not daemons
    }
}
