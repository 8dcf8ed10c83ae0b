package org.rounds.cli.vnc;

import org.rounds.broker.api.OneLine;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.VncAddress;
import picocli.CommandLine.Option;

/** The connection options shared by {@code snapshot} and {@code record}, and their one-line errors. */
final class VncConnectOptions {
    @Option(names = "--encodings", paramLabel = "LIST", split = ",",
            description = "Encodings to ask for, in this order (e.g. tight,zrle,hextile,raw; tight-quality-N allows JPEG).")
    List<String> encodings;

    @Option(names = "--password-file", paramLabel = "F", description = "File whose first line is the VNC password.")
    Path passwordFile;

    @Option(names = "--ca", paramLabel = "F",
            description = "PEM file of the CA that signed the server's VeNCrypt X509 certificate (host name checked too).")
    Path caFile;

    @Option(names = "--pin", paramLabel = "SHA256",
            description = "SHA-256 fingerprint of the server's exact VeNCrypt X509 certificate (hex, colons allowed).")
    String pin;

    @Option(names = "--user", paramLabel = "NAME", description = "User name for VeNCrypt Plain security types.")
    String user;

    @Option(names = "--pixel-format", paramLabel = "NAME",
            description = "rgb888 (default), rgb565 or rgb332 for slow links, or server for the server's own format (colour maps too).")
    String pixelFormat;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "10",
            description = "Seconds to connect and to wait for the first frame (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    RfbClient client(VncAddress address) {
        if (timeoutSeconds < 1) throw new IllegalArgumentException("--timeout must be at least 1 second");
        RfbClient.Builder b = RfbClient.builder().host(address.host()).port(address.port())
                .connectTimeout(java.time.Duration.ofSeconds(timeoutSeconds));
        if (encodings != null) b.encodings(encodings.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        if (passwordFile != null) b.password(firstLine(passwordFile));
        if (caFile != null && pin != null) throw new IllegalArgumentException("give either --ca or --pin, not both");
        if (caFile != null) b.caFile(caFile);
        if (pin != null) b.pinSha256(pin);
        if (user != null) b.username(user);
        if (pixelFormat != null) b.pixelFormat(pixelFormat);
        return b.build();
    }

    private static String firstLine(Path f) {
        try {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            return Arrays.stream(text.split("\\R", 2)).findFirst().orElse("");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --password-file " + f + ": " + OneLine.of(e));
        }
    }

    /** Rewrites network failures into one line that names the server. */
    static IOException explain(IOException e, VncAddress address) {
        if (e instanceof ConnectException) return new IOException("cannot connect to " + address + ": " + OneLine.of(e));
        if (e instanceof UnknownHostException) return new IOException("unknown host \"" + address.host() + "\"");
        if (e instanceof SocketTimeoutException) return new IOException("no answer from " + address + " (" + OneLine.of(e) + ")");
        return e;
    }
}
