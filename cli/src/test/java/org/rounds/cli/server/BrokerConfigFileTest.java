package org.rounds.cli.server;

import org.junit.jupiter.api.Tag;
import org.rounds.broker.api.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class BrokerConfigFileTest {
    @TempDir Path dir;

    private Path write(String json) throws Exception {
        return Files.writeString(dir.resolve("broker.json"), json);
    }

    @Test
    void everyFieldIsReadAndRelativePathsAreTheFilesNeighbours() throws Exception {
        Files.writeString(dir.resolve("broker.p12"), "keys");
        Files.writeString(dir.resolve("p12.password"), "s3cret\nignored\n");
        BrokerConfig c = BrokerConfigFile.read(write("""
                {"port": 9443, "bind": "0.0.0.0", "data": "state", "db": "postgresql://rounds@db:5432/rounds",
                 "keyFile": "broker.key", "caDir": "ca",
                 "tls": {"keystore": "broker.p12", "passwordFile": "p12.password"},
                 "tapRateLimit": {"perSecond": 2.5, "burst": 10}}
                """));
        assertThat(c.port()).isEqualTo(9443);
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.data()).isEqualTo(dir.resolve("state").toString());
        assertThat(c.db()).isEqualTo("postgresql://rounds@db:5432/rounds");
        assertThat(c.keyFile()).isEqualTo(dir.resolve("broker.key").toString());
        assertThat(c.caDir()).as("the CA every broker on the database shares").isEqualTo(dir.resolve("ca").toString());
        assertThat(c.tls()).isEqualTo(new BrokerConfig.Tls(dir.resolve("broker.p12").toString(), "s3cret", null));
        assertThat(c.tapRateLimit()).isEqualTo(new BrokerConfig.TapRateLimit(2.5, 10));
    }

    @Test
    void namesAreTheDevelopmentCertificatesExtraNames() throws Exception {
        BrokerConfig c = BrokerConfigFile.read(write("{\"bind\": \"0.0.0.0\", \"names\": [\"broker1.ward.example\", \"10.231.7.9\"]}"));
        assertThat(c.names()).containsExactly("broker1.ward.example", "10.231.7.9");
    }

    @Test
    void anEmptyObjectLeavesEverySettingToItsDefault() throws Exception {
        assertThat(BrokerConfigFile.read(write("{}"))).isEqualTo(BrokerConfig.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field          | {"prot": 8443}                                              | unknown field 'prot' (known here: bind, caDir, data, db, keyFile, names, port, tapRateLimit, tls)
            unknown nested field   | {"tls": {"keystore": "k.p12", "pass": "x"}}                 | unknown field 'tls.pass' (known here: keystore, password, passwordFile)
            wrong type             | {"port": "eighty"}                                          | field 'port': Cannot deserialize value of type `java.lang.Integer` from String "eighty"
            port out of range      | {"port": 70000}                                             | field 'port' must be 0..65535, not 70000
            empty bind             | {"bind": " "}                                               | field 'bind' is empty
            half a rate limit      | {"tapRateLimit": {"perSecond": 5}}                          | field 'tapRateLimit' needs both perSecond and burst
            zero rate limit        | {"tapRateLimit": {"perSecond": 0, "burst": 5}}              | field 'tapRateLimit' needs perSecond > 0 and burst >= 1
            tls without keystore   | {"tls": {"password": "x"}}                                  | field 'tls.keystore' is required
            missing keystore       | {"tls": {"keystore": "none.p12", "password": "x"}}          | field 'tls.keystore': no such file
            not json               | {"port": 8443,                                              | not valid JSON at line 1, column 15
            a name with a space    | {"names": ["broker 1"]}                                     | field 'names': 'broker 1' is neither a DNS name nor an IP address; give the names endpoints dial, e.g. broker1.ward.example
            names and a key store  | {"names": ["b.example"], "tls": {"keystore": "k.p12", "password": "x"}} | field 'names' is for the development certificate, and field 'tls' names a key store whose certificate names what its CA wrote: drop 'names'
            """)
    void everyMistakeIsOneLineNamingTheFileAndTheField(String name, String json, String expected) throws Exception {
        Path f = write(json);
        assertThatThrownBy(() -> BrokerConfigFile.read(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ": " + expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aKeystoreNeedsExactlyOnePasswordAndAReadablePasswordFile() throws Exception {
        Files.writeString(dir.resolve("k.p12"), "keys");
        Path both = write("{\"tls\": {\"keystore\": \"k.p12\", \"password\": \"a\", \"passwordFile\": \"p\"}}");
        assertThatThrownBy(() -> BrokerConfigFile.read(both)).hasMessage(both + ": field 'tls' needs one of password or passwordFile");
        Path none = write("{\"tls\": {\"keystore\": \"k.p12\"}}");
        assertThatThrownBy(() -> BrokerConfigFile.read(none)).hasMessage(none + ": field 'tls' needs one of password or passwordFile");
        Path missing = write("{\"tls\": {\"keystore\": \"k.p12\", \"passwordFile\": \"nope\"}}");
        assertThatThrownBy(() -> BrokerConfigFile.read(missing))
                .hasMessageStartingWith(missing + ": field 'tls.passwordFile': cannot read " + dir.resolve("nope"));
    }
}
