package org.rounds.cli.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rounds.broker.api.DesktopTls;
import org.rounds.gateway.Gateway;
import org.rounds.gateway.GatewayEnrolment;
import org.rounds.gateway.GatewayFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"The remote-access gateway, for doctors outside the hospital: one public TLS 1.3 port carrying the outside sign-in",
                "(forwarded to the brokers of --brokers, with failover, over mutual TLS) and the desktop stream as binary WebSocket frames",
                "to the desktop hosts inside. It keeps nothing but its key and certificate under --data, so several can stand behind",
                "one name. First start: 'rounds broker gateways add NAME' on a broker, then --enrol-code-file with its code.",
                "The public port's certificate: --tls-cert and --tls-key (a public CA's, which outside Macs and PCs trust), or else a",
                "development certificate made under --data/public-tls, whose CA (dev-ca.pem there, named in the log) outside clients",
                "must be given to trust. Runs until SIGTERM."})
public final class GatewayCommand implements Callable<Integer> {
    /** The exit code of a gateway with neither certificate nor code: nothing can start until an admin acts. */
    static final int NOT_ENROLLED = 2;

    @Spec CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", required = true, description = "The public TLS port outside devices connect to.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "The address the public port listens on (default: ${DEFAULT-VALUE}, every IPv4 address).")
    String bind;

    @Option(names = "--brokers", paramLabel = "URL", split = ",", required = true,
            description = "The brokers, https://HOST:PORT, comma-separated; tried in this order, failed over.")
    List<URI> brokers;

    @Option(names = "--broker-ca", paramLabel = "F", required = true, description = "The CA the brokers' certificates chain to (PEM); the only one trusted toward them.")
    Path brokerCa;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Where the gateway keeps its key (mode 600) and certificate, and a development certificate without --tls-cert.")
    Path data;

    @Option(names = "--enrol-code-file", paramLabel = "F",
            description = "The one-time code from 'rounds broker gateways add NAME' on F's first line; needed on the first start only.")
    Path enrolCodeFile;

    @Option(names = "--tls-cert", paramLabel = "F", description = "The public port's certificate chain (PEM), e.g. a public CA's; with --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "F", description = "The key of --tls-cert (PEM, unencrypted; keep it mode 600).")
    Path tlsKey;

    @Option(names = "--desktop-tls", paramLabel = "MODE", defaultValue = "end-to-end",
            description = {"Who ends the desktop's TLS: end-to-end (default: VeNCrypt X509 from the outside device to the desktop host, the",
                    "gateway relays bytes it cannot read) or gateway (the gateway speaks VeNCrypt X509 to the host, checked against the",
                    "broker's pin, and plain RFB inside the tunnel's TLS: each keystroke pays one TLS layer instead of two, and the",
                    "gateway sees the pixels)."})
    String desktopTls;

    @Override
    public Integer call() throws Exception {
        DesktopTls mode = DesktopTls.of(desktopTls).orElseThrow(() -> new IllegalArgumentException(
                "--desktop-tls " + desktopTls + " is neither end-to-end nor gateway: give one of them"));
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port " + port + " is outside 0..65535");
        if ((tlsCert == null) != (tlsKey == null)) throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both, or neither for a development certificate");
        for (URI b : brokers) {
            if (!"https".equals(b.getScheme()) || b.getHost() == null)
                throw new IllegalArgumentException("--brokers " + b + " is not an https:// broker URL: the gateway speaks to brokers over mutual TLS");
        }
        GatewayFiles files = new GatewayFiles(data);
        String code = code();
        if (!files.enrolled() && code == null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.root().name() + " " + spec.name() + ": " + GatewayEnrolment.notEnrolled(files));
            err.flush();
            return NOT_ENROLLED;
        }
        PrintWriter out = spec.commandLine().getOut();
        java.util.function.Consumer<String> say = line -> {
            out.println(line);
            out.flush();
        };
        // Its log is the gateway's journal (one line per tunnel, with user and outside address): shown
        // unless ROUNDS_LOG_LEVEL says otherwise, where the other commands keep org.rounds at WARN.
        if (System.getenv("ROUNDS_LOG_LEVEL") == null
                && org.slf4j.LoggerFactory.getLogger("org.rounds.gateway") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        String name = GatewayEnrolment.ensure(brokers, brokerCa, files, code, say);
        Gateway.Builder b = Gateway.builder().bind(bind).port(port).brokers(brokers).brokerCa(brokerCa).data(data).desktopTls(mode);
        if (tlsCert != null) b.tls(tlsCert, tlsKey);
        Gateway gateway = b.build().start();
        say.accept("gateway " + name + " serving on " + bind + ":" + gateway.port() + " for outside devices; brokers " + brokers
                + "; the desktop's TLS " + (mode == DesktopTls.GATEWAY ? "ends at this gateway" : "runs end to end"));
        gateway.developmentCa().ifPresent(ca -> say.accept("the public port serves a development certificate: outside clients must trust " + ca));
        UntilStopped.await("rounds-gateway", gateway::close);
        return 0;
    }

    /** The code on --enrol-code-file's first line (null without the option), never echoed. */
    private String code() throws IOException {
        if (enrolCodeFile == null) return null;
        String file = "--enrol-code-file " + enrolCodeFile;
        if (!Files.isRegularFile(enrolCodeFile)) throw new IllegalArgumentException(file + ": no such file");
        if (Files.size(enrolCodeFile) > 4096) throw new IllegalArgumentException(file + " is larger than 4 KB: it holds one code");
        String code = Files.readAllLines(enrolCodeFile).stream().findFirst().orElse("").strip();
        if (code.isEmpty()) throw new IllegalArgumentException(file + " is empty: put the code from 'rounds broker gateways add NAME' on its first line");
        return code;
    }
}
