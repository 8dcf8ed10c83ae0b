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
import picocli.CommandLine.Model.OptionSpec;

/** {@code rounds gateway}: its options, and the first start that cannot enrol. */
@Tag("unit")
class GatewayCommandTest {
    @TempDir Path dir;
    final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsExactlyTheIssuesOptionsAndThePublicCertificates() {
        assertThat(run("gateway", "--help")).isZero();
        String help = out.toString();
        var options = ServerMain.commandLine().getSubcommands().get("gateway").getCommandSpec().options().stream()
                .map(OptionSpec::longestName).toList();
        assertThat(options).containsExactlyInAnyOrder("--port", "--bind", "--brokers", "--broker-ca", "--data", "--enrol-code-file",
                "--tls-cert", "--tls-key", "--desktop-tls", "--help", "--version");
        assertThat(help).contains("--port=P", "--bind=ADDR", "--brokers=URL[,URL...]", "--broker-ca=F", "--data=DIR", "--enrol-code-file=F",
                "--tls-cert=F", "--tls-key=F", "--desktop-tls=MODE");
        assertThat(help).as("the choice and its default").contains("end-to-end (default", "gateway sees the pixels");
        assertThat(help).as("where the development certificate's CA is, for outside clients").contains("dev-ca.pem");
    }

    @Test
    void aFirstStartWithoutCertificateOrCodeExits2WithOneLineAndWritesNothing() throws Exception {
        Path data = dir.resolve("gw");
        assertThat(run("gateway", "--port", "0", "--brokers", "https://10.231.7.2:8443", "--broker-ca", dir.resolve("ca.pem").toString(),
                "--data", data.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").isEqualTo("rounds gateway: this gateway is not enrolled yet (no "
                + data.resolve("gateway.pem") + "): run 'rounds broker gateways add NAME' and pass its code with --enrol-code-file FILE");
        assertThat(Files.exists(data)).isFalse();
    }

    @Test
    void aCertificateWithoutItsKeyOrAPlainHttpBrokerIsOneLine() {
        assertThat(run("gateway", "--port", "8443", "--brokers", "https://10.231.7.2:8443", "--broker-ca", "ca.pem", "--data", dir.toString(),
                "--tls-cert", "public.pem")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "rounds gateway: --tls-cert and --tls-key go together: give both, or neither for a development certificate");
        err.getBuffer().setLength(0);
        assertThat(run("gateway", "--port", "8443", "--brokers", "http://10.231.7.2:8080", "--broker-ca", "ca.pem", "--data", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "rounds gateway: --brokers http://10.231.7.2:8080 is not an https:// broker URL: the gateway speaks to brokers over mutual TLS");
    }

    @Test
    void desktopTlsTakesEndToEndOrGatewayAndAnythingElseIsOneLine() {
        assertThat(run("gateway", "--port", "8443", "--brokers", "https://10.231.7.2:8443", "--broker-ca", "ca.pem", "--data", dir.toString(),
                "--desktop-tls", "none")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds gateway: --desktop-tls none is neither end-to-end nor gateway: give one of them");
        for (String mode : new String[] {"gateway", "end-to-end"}) {
            err.getBuffer().setLength(0);
            // accepted: the gateway goes on to its enrolment, which this unenrolled directory stops with its own line
            assertThat(run("gateway", "--port", "0", "--brokers", "https://10.231.7.2:8443", "--broker-ca", "ca.pem",
                    "--data", dir.resolve("gw-" + mode).toString(), "--desktop-tls", mode)).as(mode).isEqualTo(2);
            assertThat(err.toString()).as(mode).contains("this gateway is not enrolled yet").doesNotContain("--desktop-tls");
        }
    }
}
