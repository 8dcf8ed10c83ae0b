package org.rounds.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertThat(out.toString()).contains("demo", "client", "broker", "desktop-host", "doctor", "bench");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "client", "broker", "desktop-host", "doctor", "bench"})
    void everySubcommandHasHelp(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: rounds " + command);
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
    void aFailingCommandPrintsOneLineWithoutAStackTrace() {
        assertThat(run("bench", "roam", "--runs", "0")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds roam: --runs 0 is outside 1..10000");
    }
}
