package org.rounds.client.config;

import org.rounds.broker.api.ConfigException;
import org.rounds.broker.api.ConfigJson;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads the endpoint's configuration: {@code --config F} when given, else the OS's
 * usual places (Linux {@code /etc/rounds/endpoint.json} then
 * {@code ~/.config/rounds/endpoint.json}; Windows {@code %ProgramData%\Rounds\endpoint.json};
 * macOS {@code /Library/Application Support/Rounds/endpoint.json}).
 */
public final class EndpointConfigFile {
    private EndpointConfigFile() {}

    /** Where this OS keeps the configuration, most specific last. */
    public static List<Path> usualPlaces(String osName, Map<String, String> env, String userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        List<Path> places = new ArrayList<>();
        if (os.contains("win")) {
            places.add(Path.of(env.getOrDefault("ProgramData", "C:\\ProgramData"), "Rounds", "endpoint.json"));
        } else if (os.contains("mac")) {
            places.add(Path.of("/Library/Application Support/Rounds/endpoint.json"));
        } else {
            places.add(Path.of("/etc/rounds/endpoint.json"));
            places.add(Path.of(userHome, ".config", "rounds", "endpoint.json"));
        }
        return places;
    }

    /** The first of the usual places that exists, if any. */
    public static Optional<Path> find() {
        return usualPlaces(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"))
                .stream().filter(Files::isRegularFile).reduce((first, later) -> later);
    }

    public static EndpointConfig read(Path file) throws ConfigException {
        if (Files.isRegularFile(file) && !Files.isReadable(file)) {   // the packages install it 0640 root:rounds
            throw new ConfigException(file + ": permission denied: add this user to the group rounds"
                    + " ('usermod -aG rounds " + System.getProperty("user.name") + "', then log in again)");
        }
        EndpointConfig c = ConfigJson.read(file, EndpointConfig.class);
        validate(file, c);
        return c;
    }

    private static void validate(Path file, EndpointConfig c) throws ConfigException {
        if (c.endpoint().id() == null || !c.endpoint().id().matches("[A-Za-z0-9._-]{1,64}"))
            throw new ConfigException(file + ": field 'endpoint.id' must be 1..64 characters of A-Z a-z 0-9 . _ -");
        if (!EndpointConfig.KINDS.contains(c.endpoint().kind()))
            throw new ConfigException(file + ": field 'endpoint.kind' must be one of " + EndpointConfig.KINDS
                    + ", not '" + c.endpoint().kind() + "'");
        if (c.brokers().isEmpty()) throw new ConfigException(file + ": field 'brokers' needs at least one broker URL");
        for (int i = 0; i < c.brokers().size(); i++) {
            String url = c.brokers().get(i);
            if (!validBrokerUrl(url))
                throw new ConfigException(file + ": field 'brokers[" + i + "]' is not an http(s) URL: '" + url + "'");
        }
        if (c.tls().caFile() != null && !Files.isRegularFile(Path.of(c.tls().caFile())))
            throw new ConfigException(file + ": field 'tls.caFile': no such file " + c.tls().caFile());
        for (int i = 0; i < c.tls().pins().size(); i++) {
            if (!c.tls().pins().get(i).matches("sha256/[A-Za-z0-9+/]{43}="))
                throw new ConfigException(file + ": field 'tls.pins[" + i + "]' must look like sha256/<44 base64 characters>");
        }
        int debounce = c.readers().debounceMillis();
        if (debounce < 0 || debounce > 10_000)
            throw new ConfigException(file + ": field 'readers.debounceMillis' must be 0..10000, not " + debounce);
        for (String[] f : new String[][] {{"readers.format", c.readers().format()}, {"readers.uidFormat", c.readers().uidFormat()}}) {
            try {
                org.rounds.device.format.CredentialFormat.parse(f[1]);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file + ": field '" + f[0] + "': " + e.getMessage());
            }
        }
        if (!List.of("qwerty", "azerty").contains(c.readers().keyboardLayout()))
            throw new ConfigException(file + ": field 'readers.keyboardLayout' must be qwerty or azerty, not '"
                    + c.readers().keyboardLayout() + "'");
        if (!EndpointConfig.LANGUAGES.contains(c.language()))
            throw new ConfigException(file + ": field 'language' must be one of " + EndpointConfig.LANGUAGES
                    + ", not '" + c.language() + "'");
        if (c.kiosk().adminPinHash() != null && !AdminPin.wellFormed(c.kiosk().adminPinHash()))
            throw new ConfigException(file + ": field 'kiosk.adminPinHash' is not a hash made by 'rounds kiosk-pin'");
    }

    /**
     * One line when {@code file} is readable by every user of the machine: it names the brokers,
     * the CA and the kiosk's admin PIN hash, so the packages install it 0640 root:rounds.
     * Empty when it is not, or when the file system has no POSIX modes.
     */
    public static Optional<String> worldReadableWarning(Path file) {
        try {
            if (!Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                return Optional.empty();
            }
        } catch (UnsupportedOperationException | java.io.IOException e) {
            return Optional.empty();
        }
        return Optional.of(file + " is readable by every user: 'chown root:rounds " + file + " && chmod 640 " + file + "'");
    }

    private static boolean validBrokerUrl(String url) {
        try {
            URI u = URI.create(url);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
