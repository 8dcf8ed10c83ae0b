package org.rounds.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.rounds.client.endpoint.CoreDumps;
import org.rounds.client.ui.RemoteApp;
import org.rounds.roaming.client.RemoteGateway;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rounds client --remote URL}: an outside device's window, signed in at a gateway. */
final class RemoteMode {
    private RemoteMode() {}

    static int run(String url, Optional<Path> gatewayCa, CommandSpec spec) throws IOException {
        RemoteGateway gateway = RemoteGateway.of(url, gatewayCa);
        java.net.URI u = java.net.URI.create(url);
        String name = u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : 443);
        CoreDumps.disable(); // a core file would hold the desktop's pixels
        Displays.requireDisplay("client");
        RemoteApp.launch(gateway, name, deviceId(), java.util.Locale.getDefault().getLanguage());
        return 0;
    }

    /**
     * This device's id towards the brokers, the same across its sign-ins so that the audit and the
     * IT console show one device: made once, kept in the user's config directory. Not a secret.
     */
    static String deviceId() throws IOException {
        Path file = Path.of(System.getProperty("user.home"), ".config", "rounds", "remote-device-id");
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file).strip();
            if (id.matches("remote-[0-9a-f]{12}")) return id;
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String id = "remote-" + HexFormat.of().formatHex(random);
        Files.createDirectories(file.getParent());
        Files.writeString(file, id + "\n");
        return id;
    }
}
