package org.rounds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("peer")
class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void versionNamesRoundsAndTheJavaRuntime() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("rounds ").contains("Java " + Runtime.version().feature());
    }

    @Test
    void helpListsEverySubcommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo", "client", "broker", "desktop-host", "gateway", "doctor", "bench");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "client", "broker", "desktop-host", "gateway", "doctor", "bench", "broker enroll", "broker users", "bench roam",
            "broker endpoints", "broker endpoints add", "broker endpoints revoke", "broker endpoints list", "enrol", "bench hosts", "bench dbfailover",
            "bench console"})
    void everySubcommandHasHelp(String command) {
        String[] words = (command + " --help").split(" ");
        assertThat(run(words)).isZero();
        assertThat(out.toString()).startsWith("Usage: rounds " + command);
    }

    @Test
    void desktopsHostsIsTheBrokersOptionNotItsHostsSubcommand() {
        for (picocli.CommandLine cl : new picocli.CommandLine[] {Main.commandLine(), org.rounds.cli.server.ServerMain.commandLine()}) {
            picocli.CommandLine.ParseResult broker = cl.parseArgs("broker", "--desktops", "hosts", "--port", "0").subcommand();

            assertThat(broker.commandSpec().name()).isEqualTo("broker");
            assertThat(broker.subcommand()).as("no 'broker hosts' subcommand").isNull();
            assertThat((String) broker.matchedOptionValue("--desktops", null)).isEqualTo("hosts");
        }
        assertThat(run("broker", "hosts", "--help")).as("'broker hosts' is still the subcommand").isZero();
        assertThat(out.toString()).startsWith("Usage: rounds broker hosts");
    }

    @Test
    void anUnknownOptionIsOneClearLine() {
        assertThat(run("demo", "--headles")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--headles'");
    }

    @Test
    void aBrokenEndpointConfigStopsTheClientWithOneLineNamingFileAndField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path f = dir.resolve("endpoint.json");
        java.nio.file.Files.writeString(f, "{\"endpoint\":{\"id\":\"cart-9\",\"kind\":\"cart\"},\"brokers\":[\"http://b:1\"],\"pin\":1}");
        assertThat(run("client", "--config", f.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("rounds client: " + f + ": unknown field 'pin'").doesNotContain("\n");
    }

    @Test
    void enrolledUsersAreListedAndTheBadgeIsWrittenNowhere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String data = dir.resolve("broker").toString();
        assertThat(run("broker", "enroll", "--data", data, "--user", "nurse.diallo", "--name", "Nurse Amina Diallo",
                "--badge", "04A1B2C3D4E580")).as(err::toString).isZero();
        java.nio.file.Path pin = java.nio.file.Files.writeString(dir.resolve("pin"), "482916\n");
        java.nio.file.Path password = java.nio.file.Files.writeString(dir.resolve("password"), "correct horse battery\n");
        assertThat(run("broker", "enroll", "--data", data, "--user", "dr.martin", "--name", "Dr. Louis Martin",
                "--badge", "04C7D8E9FA1B80", "--pin-file", pin.toString(), "--password-file", password.toString())).isZero();
        assertThat(out.toString()).doesNotContain("04A1B2C3D4E580").contains("enrolled dr.martin (Dr. Louis Martin), PIN set, password set");
        java.nio.file.Files.delete(pin);
        java.nio.file.Files.delete(password);
        out.getBuffer().setLength(0);

        assertThat(run("broker", "users", "--data", data)).isZero();
        assertThat(out.toString().lines()).containsExactly("dr.martin\tDr. Louis Martin", "nurse.diallo\tNurse Amina Diallo");
        try (var files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String bytes = new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain("04A1B2C3D4E580").doesNotContain("04C7D8E9FA1B80")
                        .doesNotContain("482916").doesNotContain("correct horse battery");
            }
        }
    }

    @Test
    void aFailingCommandPrintsOneLineWithoutAStackTrace() {
        assertThat(run("bench", "roam", "--runs", "0")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds roam: --runs 0 is outside 1..10000");
    }

    @Test
    void theBrokerAndItsToolsKeepTheStoreInPostgresqlWithDb(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String key = dir.resolve("broker.key").toString();
        org.rounds.broker.auth.KeyFile.create(java.nio.file.Path.of(key));   // every broker and tool of the database reads it
        try (org.rounds.testpeers.PostgresServer pg = org.rounds.testpeers.PostgresServer.start()) {
            pg.createDatabase("rounds_cli");
            String url = "postgresql://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + pg.port() + "/rounds_cli";
            assertThat(run("broker", "enroll", "--db", url, "--key-file", key, "--user", "nurse.diallo", "--name", "Nurse Amina Diallo",
                    "--badge", "04A1B2C3D4E580")).as(err::toString).isZero();
            assertThat(run("broker", "kiosk", "--db", url, "--key-file", key, "--endpoint", "er-kiosk", "--user", "er-reception")).as(err::toString).isZero();
            out.getBuffer().setLength(0);
            assertThat(run("broker", "users", "--db", url, "--key-file", key)).isZero();
            assertThat(out.toString().lines()).containsExactly("er-reception\ter-reception", "nurse.diallo\tNurse Amina Diallo");
            // a broker on the same database sees them
            try (org.rounds.broker.Broker b = org.rounds.broker.Broker.builder().database(url).keyFile(java.nio.file.Path.of(key)).port(0)
                    .desktops(new org.rounds.host.EmbeddedDesktopPool()).build()) {
                b.start();
                assertThat(b.users()).extracting(u -> u.id()).containsExactly("er-reception", "nurse.diallo");
            }
        }
        err.getBuffer().setLength(0);
        assertThat(run("broker", "users", "--db", "mysql://h/db", "--key-file", key)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds users: database URL 'mysql://h/db' must be postgresql://user@host:port/db or jdbc:...");
    }
}
