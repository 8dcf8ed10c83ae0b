package org.rounds.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an administrator meets running {@code rounds client} against a plain-HTTP broker. */
@Tag("unit")
class ClientCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return EndpointMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void anHttpBrokerOnTheCommandLineIsRefusedWithOneLineNamingItAndTheFlag() {
        assertThat(run("client", "--broker", "http://127.0.0.1:9/", "--endpoint", "cart-1")).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("rounds client: broker http://127.0.0.1:9/ is plain HTTP: use its https:// URL, or --insecure-dev for a development broker");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anHttpBrokerInTheConfigFileIsRefusedToo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("endpoint.json");
        Files.writeString(f, "{\"endpoint\":{\"id\":\"cart-9\",\"kind\":\"cart\"},"
                + "\"brokers\":[\"https://broker-a.ward4:8443\",\"http://broker-b.ward4:8080\"]}");
        assertThat(run("client", "--config", f.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("rounds client: broker http://broker-b.ward4:8080 is plain HTTP")
                .contains("--insecure-dev").doesNotContain("\n");
    }

    @Test
    void aRemoteGatewayOutsideHttpsIsRefusedWithOneLine() {
        assertThat(run("client", "--remote", "http://gateway.example:8080")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "rounds client: gateway http://gateway.example:8080 is not an https:// URL: outside the hospital every byte goes over TLS");
    }

    @Test
    void theHelpNamesBothFlags() {
        assertThat(run("client", "--help")).isZero();
        assertThat(out.toString()).contains("--insecure-dev", "--simulate-reader", "--remote=URL", "--gateway-ca=FILE");
    }
}
