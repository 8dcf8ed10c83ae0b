package org.rounds.client.config;

import org.junit.jupiter.api.Tag;
import org.rounds.broker.api.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class EndpointConfigFileTest {
    @TempDir Path dir;

    private Path write(String json) throws Exception {
        Path f = dir.resolve("endpoint.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void aFullFileIsReadWithEveryField() throws Exception {
        Path f = write("""
                {"endpoint": {"id": "cart-12", "kind": "cart", "location": "Ward 4, bed 12"},
                 "brokers": ["https://a.example:8443", "http://127.0.0.1:8080"],
                 "tls": {"pins": ["sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]},
                 "readers": {"debounceMillis": 900, "format": "h10301"},
                 "language": "FR"}
                """);
        EndpointConfig c = EndpointConfigFile.read(f);
        assertThat(c.endpoint().id()).isEqualTo("cart-12");
        assertThat(c.endpoint().location()).isEqualTo("Ward 4, bed 12");
        assertThat(c.brokers()).containsExactly("https://a.example:8443", "http://127.0.0.1:8080");
        assertThat(c.tls().pins()).hasSize(1);
        assertThat(c.readers().debounceMillis()).isEqualTo(900);
        assertThat(c.readers().format()).isEqualTo("h10301");
        assertThat(c.language()).isEqualTo("fr");
    }

    @Test
    void optionalSectionsTakeTheirDefaults() throws Exception {
        EndpointConfig c = EndpointConfigFile.read(write("{\"endpoint\":{\"id\":\"k1\",\"kind\":\"kiosk\"},\"brokers\":[\"http://b:1\"]}"));
        assertThat(c.language()).isEqualTo("en");
        assertThat(c.readers().debounceMillis()).isEqualTo(1500);
        assertThat(c.tls().pins()).isEmpty();
        assertThat(c.endpoint().location()).isEmpty();
        assertThat(c.readers().format()).isEqualTo("h10301,corp1000,raw");
        assertThat(c.readers().uidFormat()).isEqualTo("uid-hex");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top field      | {"endpoint":{"id":"a","kind":"cart"},"brokers":["http://b:1"],"langauge":"fr"}   | unknown field 'langauge'
            unknown nested field   | {"endpoint":{"id":"a","kind":"cart","bed":3},"brokers":["http://b:1"]}           | unknown field 'endpoint.bed'
            missing endpoint       | {"brokers":["http://b:1"]}                                                       | field 'endpoint'
            missing endpoint id    | {"endpoint":{"kind":"cart"},"brokers":["http://b:1"]}                            | field 'endpoint.id'
            bad kind               | {"endpoint":{"id":"a","kind":"trolley"},"brokers":["http://b:1"]}                | field 'endpoint.kind' must be one of
            bad id                 | {"endpoint":{"id":"a b","kind":"cart"},"brokers":["http://b:1"]}                 | field 'endpoint.id'
            clear admin PIN        | {"endpoint":{"id":"k","kind":"kiosk"},"brokers":["http://b:1"],"kiosk":{"adminPinHash":"1234"}} | field 'kiosk.adminPinHash' is not a hash made by 'rounds kiosk-pin'
            no brokers             | {"endpoint":{"id":"a","kind":"cart"},"brokers":[]}                               | field 'brokers' needs at least one
            bad broker url         | {"endpoint":{"id":"a","kind":"cart"},"brokers":["http://b:1","ftp://x"]}         | field 'brokers[1]' is not an http(s) URL
            wrong type             | {"endpoint":{"id":"a","kind":"cart"},"brokers":["http://b:1"],"readers":{"debounceMillis":"soon"}} | field 'readers.debounceMillis'
            debounce out of range  | {"endpoint":{"id":"a","kind":"cart"},"brokers":["http://b:1"],"readers":{"debounceMillis":-5}}     | must be 0..10000
            bad pin                | {"endpoint":{"id":"a","kind":"cart"},"brokers":["http://b:1"],"tls":{"pins":["md5/x"]}}             | field 'tls.pins[0]'
            missing ca file        | {"endpoint":{"id":"a","kind":"cart"},"brokers":["http://b:1"],"tls":{"caFile":"/nonexistent/ca.pem"}} | field 'tls.caFile': no such file
            unknown badge format   | {"endpoint":{"id":"a","kind":"cart"},"brokers":["http://b:1"],"readers":{"format":"wiegand-99"}} | field 'readers.format': unknown credential format 'wiegand-99'
            unknown uid format     | {"endpoint":{"id":"a","kind":"cart"},"brokers":["http://b:1"],"readers":{"uidFormat":"uid-base64"}} | field 'readers.uidFormat': unknown credential format 'uid-base64'
            bad language           | {"endpoint":{"id":"a","kind":"cart"},"brokers":["http://b:1"],"language":"de"}   | field 'language' must be one of [en, fr]
            not json               | {"endpoint": {"id": "a",                                                         | not valid JSON at line
            """)
    void everyMistakeIsOneLineNamingTheFileAndTheField(String name, String json, String expected) throws Exception {
        Path f = write(json);
        assertThatThrownBy(() -> EndpointConfigFile.read(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ": ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aKioskAdminPinIsKeptOnlyAsAHashThatChecksThePin() throws Exception {
        String hash = AdminPin.hash("482916");
        assertThat(hash).matches("pbkdf2-sha256:[0-9]+:.*").doesNotContain("482916");   // the cost that ships: SlowHashTest
        EndpointConfig c = EndpointConfigFile.read(write("{\"endpoint\":{\"id\":\"k1\",\"kind\":\"kiosk\"},"
                + "\"brokers\":[\"http://b:1\"],\"kiosk\":{\"adminPinHash\":\"" + hash + "\"}}"));
        assertThat(AdminPin.matches(c.kiosk().adminPinHash(), "482916")).isTrue();
        assertThat(AdminPin.matches(c.kiosk().adminPinHash(), "482917")).isFalse();
        assertThat(AdminPin.hash("482916")).as("salted").isNotEqualTo(hash);
        assertThatThrownBy(() -> AdminPin.hash("12a4")).hasMessage("an admin PIN is 4 to 12 digits");
    }

    @Test
    void aMissingFileSaysSo() {
        Path f = dir.resolve("nope.json");
        assertThatThrownBy(() -> EndpointConfigFile.read(f)).hasMessageStartingWith(f + ": cannot read");
    }

    @Test
    void usualPlacesFollowTheOperatingSystem() {
        assertThat(EndpointConfigFile.usualPlaces("Linux", Map.of(), "/home/n"))
                .containsExactly(Path.of("/etc/rounds/endpoint.json"), Path.of("/home/n/.config/rounds/endpoint.json"));
        assertThat(EndpointConfigFile.usualPlaces("Mac OS X", Map.of(), "/Users/n"))
                .containsExactly(Path.of("/Library/Application Support/Rounds/endpoint.json"));
        assertThat(EndpointConfigFile.usualPlaces("Windows 11", Map.of("ProgramData", "D:\\PD"), "C:\\Users\\n"))
                .containsExactly(Path.of("D:\\PD", "Rounds", "endpoint.json"));
    }
}
