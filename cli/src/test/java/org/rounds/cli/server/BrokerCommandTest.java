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
import java.util.List;
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
        refusedWith(List.of(), json, expected);
    }

    private void refusedWith(List<String> options, String json, String expected) throws Exception {
        Path f = Files.writeString(dir.resolve("broker.json"), json);
        Path data = dir.resolve("data");
        List<String> args = new java.util.ArrayList<>(List.of("broker"));
        args.addAll(options);
        args.addAll(List.of("--config", f.toString(), "--data", data.toString()));
        assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("rounds broker: " + f + ": " + expected + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
        assertThat(data).as("nothing is created for a broken config").doesNotExist();
    }

    @Test
    void desktopsHostsIsTheOptionsValueNotTheHostsSubcommand() throws Exception {
        // picocli took 'hosts' for 'rounds broker hosts' and printed the usage; the config is now read, and its error is the one line
        refusedWith(List.of("--desktops", "hosts"), "{\"prot\": 8443}",
                "unknown field 'prot' (known here: bind, caDir, data, db, keyFile, names, port, tapRateLimit, tls)");
    }

    @Test
    void anUnknownFieldIsNamedWithTheFieldsThatExist() throws Exception {
        refused("{\"prot\": 8443}", "unknown field 'prot' (known here: bind, caDir, data, db, keyFile, names, port, tapRateLimit, tls)");
    }

    @Test
    void aNegativeRetentionStopsTheBrokerWithOneLineBeforeAnythingIsMade() {
        Path data = dir.resolve("data");
        assertThat(run("broker", "--data", data.toString(), "--port", "0", "--retention-days", "-1")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("rounds broker: --retention-days -1 is outside 0..36500 (0 keeps everything)"
                + System.lineSeparator());
        assertThat(data).as("nothing is created").doesNotExist();
    }

    @Test
    void aNameThatIsNeitherADnsNameNorAnAddressStopsTheBrokerWithOneLine() {
        Path data = dir.resolve("data");
        assertThat(run("broker", "--data", data.toString(), "--port", "0", "--name", "broker1.ward.example", "--name", "ward 4")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("rounds broker: broker name 'ward 4' is neither a DNS name nor an IP address: "
                + "give the name or address endpoints dial, e.g. broker1.ward.example" + System.lineSeparator());
        assertThat(data).as("nothing is created").doesNotExist();
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

    @Test
    void theStoreToolsAreRefusedWithOneLineWhileABrokerRunsOnTheDirectory() throws Exception {
        Path data = dir.resolve("data");
        try (org.rounds.broker.Broker running = org.rounds.broker.Broker.builder().dataDir(data).port(0)
                .desktops(new org.rounds.host.EmbeddedDesktopPool()).build()) {
            running.start();
            for (String[] tool : new String[][] {
                    {"broker", "enroll", "--data", data.toString(), "--user", "nurse", "--name", "Nurse", "--badge", "04A1B2C3D4E580"},
                    {"broker", "users", "--data", data.toString()},
                    {"broker", "kiosk", "--data", data.toString(), "--endpoint", "er-kiosk", "--user", "er-reception"},
                    {"broker", "rotate-key", "--data", data.toString()}}) {
                err.getBuffer().setLength(0);
                assertThat(run(tool)).isEqualTo(1);
                String then = tool[1].equals("rotate-key") ? "stop it to rotate its key, then start it again"
                        : "use its admin API (--broker URL --broker-ca F --admin NAME --admin-password-file F --totp-file F)";
                assertThat(err.toString()).isEqualTo("rounds " + tool[1] + ": the store in " + data
                        + " is in use by a running broker; " + then + System.lineSeparator());
            }
        }
        assertThat(out.toString()).isEmpty();
        assertThat(run("broker", "enroll", "--data", data.toString(), "--user", "nurse", "--name", "Nurse", "--badge", "04A1B2C3D4E580"))
                .as("once it has stopped").isZero();
    }

    @Test
    void rotateKeyPrintsIdsAndCountsNeverAKey() throws Exception {
        Path data = dir.resolve("data");
        assertThat(run("broker", "enroll", "--data", data.toString(), "--user", "nurse", "--name", "Nurse", "--badge", "04A1B2C3D4E580")).isZero();
        java.util.List<org.rounds.broker.auth.MasterKey> before = org.rounds.broker.auth.KeyFile.read(data.resolve("broker.key"));
        out.getBuffer().setLength(0);
        assertThat(run("broker", "rotate-key", "--data", data.toString())).as(err::toString).isZero();
        java.util.List<org.rounds.broker.auth.MasterKey> after = org.rounds.broker.auth.KeyFile.read(data.resolve("broker.key"));
        assertThat(after).extracting(org.rounds.broker.auth.MasterKey::id).containsExactly(after.get(0).id(), before.get(0).id());
        assertThat(out.toString()).isEqualTo("rotated the broker key in " + data.resolve("broker.key") + ": key " + after.get(0).id()
                + " is current; 1 badge(s) under 1 earlier key(s) move to it on their next tap" + System.lineSeparator());
        String keyText = Files.readString(data.resolve("broker.key"));
        keyText.lines().filter(l -> l.startsWith("v1 ")).forEach(l -> assertThat(out.toString()).doesNotContain(l.substring(3)));

        err.getBuffer().setLength(0);
        assertThat(run("broker", "rotate-key", "--db", "postgresql://rounds@127.0.0.1:1/rounds")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds rotate-key: --db needs --key-file F: the key file every broker of the database reads");
    }

    @Test
    void aGroupReadableKeyFileFromTheOptionOrTheConfigStopsTheBrokerWithOneLineNamingIt() throws Exception {
        Path key = dir.resolve("broker.key");
        org.rounds.broker.auth.KeyFile.create(key);
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        String refused = "rounds broker: broker key file " + key + " is open to its group or others (rw-r-----); run: chmod 600 " + key
                + System.lineSeparator();
        assertThat(run("broker", "--data", dir.resolve("data").toString(), "--port", "0", "--key-file", key.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(refused);
        err.getBuffer().setLength(0);
        Path f = Files.writeString(dir.resolve("broker.json"), "{\"port\": 0, \"data\": \"data\", \"keyFile\": \"broker.key\"}");
        assertThat(run("broker", "--config", f.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(refused);
        assertThat(out.toString()).isEmpty();
    }
}
