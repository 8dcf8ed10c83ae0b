package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.cli.Main;

/** {@code rounds desktop-host}'s mistakes, each one line naming the option, before anything is served or any code spent. */
@Tag("unit")
class DesktopHostCommandTest {
    @TempDir Path dir;
    final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String error() {
        assertThat(err.toString().strip()).as("one line").doesNotContain("\n");
        return err.toString().strip();
    }

    @Test
    void joiningNeedsTheCaTheDataAndTheProvider() {
        assertThat(run("desktop-host", "--join", "https://10.231.7.2:8443,https://10.231.7.3:8443")).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: --join needs --broker-ca FILE, --data DIR, --provider embedded|xvnc|static");
    }

    @Test
    void noAuthDoesNotGoWithJoin() {
        assertThat(run("desktop-host", "--join", "https://10.231.7.2:8443", "--port", "5907", "--no-auth")).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: --no-auth serves one demo desktop; it does not go with --join");
    }

    @Test
    void neitherJoinNorPortIsOneLine() {
        assertThat(run("desktop-host")).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: give --port P for the demo desktop, or --join URL... to serve brokers' desktops");
    }

    @Test
    void aPlainHttpBrokerOrAWildcardBindIsRefused() {
        assertThat(run("desktop-host", "--join", "http://10.231.7.2:8080", "--broker-ca", "ca.pem", "--data", dir.toString(),
                "--provider", "embedded")).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: --join http://10.231.7.2:8080 is not an https:// broker URL: the control channel needs mutual TLS");
        err.getBuffer().setLength(0);
        assertThat(run("desktop-host", "--join", "https://10.231.7.2:8443", "--broker-ca", "ca.pem", "--data", dir.toString(),
                "--provider", "embedded", "--bind", "0.0.0.0")).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: --bind 0.0.0.0 is every address; give --advertise HOST:PORT, the one endpoints dial");
    }

    @Test
    void aHostNotYetEnrolledNeedsItsCodeAndAnUnknownProviderIsNamed() throws Exception {
        Path data = dir.resolve("host");
        assertThat(run("desktop-host", "--join", "https://10.231.7.2:8443", "--broker-ca", "ca.pem", "--data", data.toString(),
                "--provider", "embedded", "--advertise", "10.231.7.5:5900")).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: this host is not enrolled yet (no " + data.resolve("host.pem")
                + "): give --enrol-code CODE from 'rounds broker hosts add NAME'");
        assertThat(Files.exists(data.resolve("host-key.pem"))).isFalse();
        err.getBuffer().setLength(0);
        assertThat(run("desktop-host", "--join", "https://10.231.7.2:8443", "--broker-ca", "ca.pem", "--data", data.toString(),
                "--provider", "vmware", "--enrol-code", "secret-code-1")).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: --provider \"vmware\" is not embedded, xvnc or static").doesNotContain("secret-code-1");
    }

    @Test
    void aCodeFileThatIsMissingEmptyOrGivenWithACodeIsOneLineAndNeverEchoesTheCode() throws Exception {
        String[] common = {"desktop-host", "--join", "https://10.231.7.2:8443", "--broker-ca", "ca.pem", "--data", dir.resolve("host").toString(),
                "--provider", "embedded", "--advertise", "10.231.7.5:5900"};
        Path file = dir.resolve("code.txt");
        assertThat(run(with(common, "--enrol-code-file", file.toString()))).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: --enrol-code-file " + file + ": no such file");

        Files.writeString(file, "\n");
        err.getBuffer().setLength(0);
        assertThat(run(with(common, "--enrol-code-file", file.toString()))).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: --enrol-code-file " + file
                + " is empty: put the code from 'rounds broker hosts add NAME' on its first line");

        Files.writeString(file, "secret-code-2\n");
        err.getBuffer().setLength(0);
        assertThat(run(with(common, "--enrol-code-file", file.toString(), "--enrol-code", "secret-code-3"))).isEqualTo(1);
        assertThat(error()).isEqualTo("rounds desktop-host: --enrol-code and --enrol-code-file do not go together: give one");
        assertThat(out.toString() + err).doesNotContain("secret-code");
        assertThat(Files.exists(dir.resolve("host").resolve("host-key.pem"))).as("no key made: no code was spent").isFalse();
    }

    private static String[] with(String[] common, String... more) {
        String[] all = java.util.Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }
}
