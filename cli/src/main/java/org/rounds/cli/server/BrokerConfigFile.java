package org.rounds.cli.server;

import org.rounds.broker.api.ConfigException;
import org.rounds.broker.api.ConfigJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rounds.broker.tls.TlsSettings;

/**
 * Reads {@code rounds broker --config F}. Every mistake stops the broker before it opens its store
 * or writes anything, with one line naming the file and the field.
 */
public final class BrokerConfigFile {
    private BrokerConfigFile() {}

    /**
     * The file's settings, checked, with relative paths resolved against its directory and a
     * {@code tls.passwordFile} read into {@code tls.password}.
     */
    public static BrokerConfig read(Path file) throws ConfigException {
        BrokerConfig c = ConfigJson.read(file, BrokerConfig.class);
        if (c == null) throw new ConfigException(file + ": empty; expected a JSON object");
        if (c.port() != null && (c.port() < 0 || c.port() > 65535))
            throw new ConfigException(file + ": field 'port' must be 0..65535, not " + c.port());
        if (c.bind() != null && c.bind().isBlank()) throw new ConfigException(file + ": field 'bind' is empty");
        if (c.data() != null && c.data().isBlank()) throw new ConfigException(file + ": field 'data' is empty");
        BrokerConfig.TapRateLimit limit = c.tapRateLimit();
        if (limit != null && (limit.perSecond() == null || limit.burst() == null))
            throw new ConfigException(file + ": field 'tapRateLimit' needs both perSecond and burst");
        if (limit != null && (limit.perSecond() <= 0 || limit.burst() < 1))
            throw new ConfigException(file + ": field 'tapRateLimit' needs perSecond > 0 and burst >= 1");
        if (c.keyFile() != null && c.keyFile().isBlank()) throw new ConfigException(file + ": field 'keyFile' is empty");
        if (c.caDir() != null && c.caDir().isBlank()) throw new ConfigException(file + ": field 'caDir' is empty");
        if (c.names() != null) {
            for (String n : c.names()) {
                if (!TlsSettings.isValidName(n)) throw new ConfigException(file + ": field 'names': '" + n
                        + "' is neither a DNS name nor an IP address; give the names endpoints dial, e.g. broker1.ward.example");
            }
            if (c.tls() != null && !c.names().isEmpty()) throw new ConfigException(file + ": field 'names' is for the development "
                    + "certificate, and field 'tls' names a key store whose certificate names what its CA wrote: drop 'names'");
        }
        Path dir = file.toAbsolutePath().getParent();
        return new BrokerConfig(c.port(), c.bind(), c.data() == null ? null : dir.resolve(c.data()).toString(), c.db(),
                c.keyFile() == null ? null : dir.resolve(c.keyFile()).toString(),
                c.caDir() == null ? null : dir.resolve(c.caDir()).toString(),
                c.tls() == null ? null : tls(file, dir, c.tls()), limit, c.names() == null ? null : List.copyOf(c.names()));
    }

    private static BrokerConfig.Tls tls(Path file, Path dir, BrokerConfig.Tls t) throws ConfigException {
        if (t.keystore() == null || t.keystore().isBlank())
            throw new ConfigException(file + ": field 'tls.keystore' is required: a PKCS12 file with the broker's key and certificate");
        Path keystore = dir.resolve(t.keystore());
        if (!Files.isRegularFile(keystore)) throw new ConfigException(file + ": field 'tls.keystore': no such file " + keystore);
        if ((t.password() == null) == (t.passwordFile() == null))
            throw new ConfigException(file + ": field 'tls' needs one of password or passwordFile");
        String password = t.password();
        if (t.passwordFile() != null) {
            Path f = dir.resolve(t.passwordFile());
            try (BufferedReader r = Files.newBufferedReader(f)) {
                password = r.readLine();
            } catch (IOException e) {
                throw new ConfigException(file + ": field 'tls.passwordFile': cannot read " + f + ": " + e.getMessage());
            }
            if (password == null) throw new ConfigException(file + ": field 'tls.passwordFile': " + f + " is empty");
        }
        return new BrokerConfig.Tls(keystore.toString(), password, null);
    }
}
