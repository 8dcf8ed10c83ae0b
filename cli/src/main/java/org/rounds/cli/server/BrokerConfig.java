package org.rounds.cli.server;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code rounds broker --config F}: every field optional, and an option given on the command line
 * wins over the file. {@code "names": ["broker1.ward.example"]} (replaced by {@code --name}
 * options) lists the host names and addresses, besides the bound ones, that the development
 * certificate names; it is refused beside {@code tls}, whose certificate names what its CA wrote. Relative paths are read from the file's directory ({@link BrokerConfigFile}).
 *
 * <pre>{@code
 * {
 *   "port": 8443, "bind": "0.0.0.0",
 *   "data": "/var/lib/rounds", "db": "postgresql://rounds@db.example:5432/rounds",
 *   "keyFile": "/etc/rounds/broker.key", "caDir": "/etc/rounds/ca",
 *   "tls": {"keystore": "/etc/rounds/broker.p12", "passwordFile": "/etc/rounds/broker.p12.password"},
 *   "tapRateLimit": {"perSecond": 5, "burst": 20}
 * }
 * }</pre>
 */
public record BrokerConfig(
        @JsonProperty("port") Integer port,
        @JsonProperty("bind") String bind,
        @JsonProperty("data") String data,
        @JsonProperty("db") String db,
        @JsonProperty("keyFile") String keyFile,
        @JsonProperty("caDir") String caDir,
        @JsonProperty("tls") Tls tls,
        @JsonProperty("tapRateLimit") TapRateLimit tapRateLimit,
        @JsonProperty("names") java.util.List<String> names) {

    /** No file: every setting takes its default. */
    public static final BrokerConfig NONE = new BrokerConfig(null, null, null, null, null, null, null, null, null);

    /**
     * A PKCS12 key store to serve instead of the development CA, and its password, given in the
     * file or (better: the file can then be readable by all) as the first line of {@code passwordFile}.
     */
    public record Tls(@JsonProperty("keystore") String keystore, @JsonProperty("password") String password,
                      @JsonProperty("passwordFile") String passwordFile) {}

    /** Requests per second and burst each endpoint may make on the decision routes. */
    public record TapRateLimit(@JsonProperty("perSecond") Double perSecond, @JsonProperty("burst") Integer burst) {}
}
