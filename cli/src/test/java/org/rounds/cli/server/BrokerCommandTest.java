package org.rounds.cli.server;

import org.junit.jupiter.api.Tag;
import org.rounds.cli.Main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code rounds broker --config F}: a broken file is one line and touches nothing; a good one serves HTTPS. */
@Tag("unit")
@Timeout(120)
class BrokerCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Runs {@code rounds broker --config F --data D} with a broken F; the error must be exactly {@code expected}. */
    private void refused(String json, String expected) throws Exception {
        Path f = Files.writeString(dir.resolve("broker.json"), json);
        Path data = dir.resolve("data");
        assertThat(run("broker", "--config", f.toString(), "--data", data.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("rounds broker: " + f + ": " + expected + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
        assertThat(data).as("nothing is created for a broken config").doesNotExist();
    }

    @Test
    void anUnknownFieldIsNamedWithTheFieldsThatExist() throws Exception {
        refused("{\"prot\": 8443}", "unknown field 'prot' (known here: bind, data, db, port, tapRateLimit, tls)");
    }

    @Test
    void malformedJsonSaysWhere() throws Exception {
        refused("{\"port\": 8443,\n \"bind\" \"0.0.0.0\"}",
                "not valid JSON at line 2, column 9: Unexpected character ('\"' (code 34)): was expecting a colon to separate field name and value");
    }

    @Test
    void aWrongTypeNamesTheField() throws Exception {
        refused("{\"port\": \"eighty\"}",
                "field 'port': Cannot deserialize value of type `java.lang.Integer` from String \"eighty\": not a valid `java.lang.Integer` value");
    }

    @Test
    void aGoodConfigStartsTheBrokerOnHttpsAndTheCommandLineWins() throws Exception {
        Path f = Files.writeString(dir.resolve("broker.json"), """
                {"port": 0, "bind": "192.0.2.1", "data": "state", "tapRateLimit": {"perSecond": 10, "burst": 30}}
                """);
        CommandLine cl = new CommandLine(new BrokerCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.parseArgs("--config", f.toString(), "--bind", "127.0.0.1");   // 192.0.2.1 (TEST-NET) cannot be bound: the option must win
        try (BrokerCommand.Serving serving = cl.<BrokerCommand>getCommand().start()) {
            Path data = dir.resolve("state");
            Path ca = data.resolve("tls").resolve("dev-ca.pem");
            String url = serving.broker().baseUrl();
            assertThat(url).startsWith("https://127.0.0.1:");
            assertThat(out.toString().lines()).hasSize(3).satisfies(lines -> {
                assertThat(lines.get(0)).isEqualTo("broker listening on " + url + " (store: " + data + ")");
                assertThat(lines.get(1)).isEqualTo("endpoints trust " + ca);
                assertThat(lines.get(2)).isEqualTo("no admin account yet: rounds broker admins add NAME --role admin "
                        + "--password-file FILE --data " + data);
            });
            assertThat(data.resolve("admin-token")).as("the first start writes no token").doesNotExist();
            HttpClient https = HttpClient.newBuilder().sslContext(org.rounds.testpeers.PemTrust.only(ca)).build();
            HttpResponse<String> live = https.send(HttpRequest.newBuilder(URI.create(url + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
        }
    }
}
