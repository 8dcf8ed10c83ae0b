package org.rounds.cli.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rounds.broker.api.DesktopPool;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.host.ClinicalDesktop;
import org.rounds.host.HostCertificate;
import org.rounds.host.HostPort;
import org.rounds.host.VncPasswords;
import org.rounds.host.agent.HostAgent;
import org.rounds.host.agent.HostEnrolment;
import org.rounds.host.agent.HostFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "desktop-host", mixinStandardHelpOptions = true,
        description = {"A desktop host of its own: with --join, enrols with the brokers (the first time, with --enrol-code), holds one",
                "control channel to any live broker of --join and serves the desktops they place here, until SIGTERM.",
                "With --port alone: serves one embedded clinical demo desktop over RFB on 127.0.0.1 for any VNC viewer,",
                "e.g. 'vncviewer 127.0.0.1::5907'; without --no-auth a VNC password is made up and printed once."})
public final class DesktopHostCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--port", description = "The desktop port to listen on (0 picks a free one). With --join: default the --advertise port; "
            + "alone: the demo desktop's RFB port on 127.0.0.1.")
    Integer port;

    @Option(names = "--no-auth", description = "Demo desktop only: admit viewers without a password (security type None).")
    boolean noAuth;

    @Option(names = "--user", defaultValue = "demo", description = "Demo desktop only: user id shown on the desktop (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--name", defaultValue = "Demo Clinician", description = "Demo desktop only: display name on the desktop (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--join", paramLabel = "URL", split = ",",
            description = "The brokers to hold the control channel to, https://HOST:PORT, comma-separated; tried in turn, and failed over.")
    List<URI> join;

    @Option(names = "--broker-ca", paramLabel = "FILE", description = "The CA the brokers' certificates chain to (PEM); the only one trusted.")
    Path brokerCa;

    @Option(names = "--data", paramLabel = "DIR", description = "Where the host keeps its key (mode 600), certificate and the broker CA.")
    Path data;

    @Option(names = "--enrol-code", paramLabel = "CODE",
            description = "The one-time code from 'rounds broker hosts add NAME'; needed only for the first start (ignored, with a note, later).")
    String enrolCode;

    @Option(names = "--enrol-code-file", paramLabel = "FILE",
            description = "As --enrol-code, the code on FILE's first line: a code on the command line shows in ps while the first start runs.")
    Path enrolCodeFile;

    @Option(names = "--provider", paramLabel = "KIND", description = "embedded, xvnc or static: what serves the desktops.")
    String provider;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "The address desktops are served on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
            description = "Where endpoints reach this host's desktop port (default: the --bind address, port 5900).")
    String advertise;

    @Option(names = "--capacity", paramLabel = "N", defaultValue = "50", description = "Sessions this host runs at most (default: ${DEFAULT-VALUE}).")
    int capacity;

    @Option(names = "--site", paramLabel = "S", defaultValue = "", description = "The host's site; endpoints of the same site are placed here first.")
    String site;

    @Option(names = "--xvnc-start", paramLabel = "CMD", defaultValue = "xterm",
            description = "With --provider xvnc: the command started in each session, split on spaces (default: ${DEFAULT-VALUE}).")
    String xvncStart;

    @Option(names = "--xvnc-geometry", paramLabel = "WxH", defaultValue = "1280x800",
            description = "With --provider xvnc: each session's screen size (default: ${DEFAULT-VALUE}).")
    String xvncGeometry;

    @Option(names = "--static-servers", paramLabel = "FILE", description = "With --provider static: the servers file, as 'rounds broker --static-servers'.")
    Path staticServers;

    /** The code from --enrol-code or --enrol-code-file (null for neither), never echoed. */
    private String enrolCode() throws IOException {
        if (enrolCodeFile == null) return enrolCode;
        if (enrolCode != null) throw new IllegalArgumentException("--enrol-code and --enrol-code-file do not go together: give one");
        String file = "--enrol-code-file " + enrolCodeFile;
        if (!Files.isRegularFile(enrolCodeFile)) throw new IllegalArgumentException(file + ": no such file");
        if (Files.size(enrolCodeFile) > 4096) throw new IllegalArgumentException(file + " is larger than 4 KB: it holds one code");
        String code = Files.readAllLines(enrolCodeFile).stream().findFirst().orElse("").strip();
        if (code.isEmpty()) throw new IllegalArgumentException(file + " is empty: put the code from 'rounds broker hosts add NAME' on its first line");
        return code;
    }

    @Override
    public Integer call() throws Exception {
        if (join == null) return demoDesktop();
        if (noAuth) throw new IllegalArgumentException("--no-auth serves one demo desktop; it does not go with --join");
        if (port != null && (port < 0 || port > 65535)) throw new IllegalArgumentException("--port " + port + " is outside 0..65535");
        if (provider != null && !List.of("embedded", "xvnc", "static").contains(provider))
            throw new IllegalArgumentException("--provider \"" + provider + "\" is not embedded, xvnc or static");
        List<String> missing = new ArrayList<>();
        if (brokerCa == null) missing.add("--broker-ca FILE");
        if (data == null) missing.add("--data DIR");
        if (provider == null) missing.add("--provider embedded|xvnc|static");
        if (!missing.isEmpty()) throw new IllegalArgumentException("--join needs " + String.join(", ", missing));
        HostAgent.Settings settings = new HostAgent.Settings(join, brokerCa, new HostFiles(data), provider, advertised(), capacity, site);
        PrintWriter out = spec.commandLine().getOut();
        java.util.function.Consumer<String> say = line -> {
            out.println(line);
            out.flush();
        };
        // The pool's settings first: a host that cannot serve (no Xvnc, a bad servers file) must not spend its code.
        java.util.function.Function<HostPort, DesktopPool> pools = pools();
        HostEnrolment.ensure(join, brokerCa, settings.files(), enrolCode(), say);
        HostPort desktopPort = desktopPort(settings.address());
        DesktopPool pool;
        HostAgent agent;
        try {
            pool = pools.apply(desktopPort);
        } catch (RuntimeException e) {
            desktopPort.close();
            throw e;
        }
        try {
            agent = new HostAgent(settings, pool, say);
        } catch (RuntimeException e) {
            pool.close();
            desktopPort.close();
            throw e;
        }
        say.accept("desktops served on " + bind + ":" + desktopPort.port() + " (VeNCrypt X509, pin " + desktopPort.pin() + ")");
        agent.start();
        UntilStopped.await("rounds-desktop-host", () -> {
            agent.close();   // the channel first: the broker sees the host go, then its desktops end
            pool.close();
            desktopPort.close();
        });
        return 0;
    }

    /** --advertise, or the --bind address with port 5900; a wildcard bind cannot be advertised. */
    String advertised() {
        if (advertise != null) return advertise;
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]"))
            throw new IllegalArgumentException("--bind " + bind + " is every address; give --advertise HOST:PORT, the one endpoints dial");
        return (bind.contains(":") ? "[" + bind + "]" : bind) + ":5900";
    }

    /**
     * The one desktop port: --bind at the advertised port, presenting the enrolled certificate
     * ({@code host.pem}, {@code host-key.pem} under --data), whose pin the brokers hand endpoints.
     */
    private HostPort desktopPort(String advertised) throws java.io.IOException {
        int colon = advertised.lastIndexOf(':');
        String host = advertised.substring(0, colon).replace("[", "").replace("]", "");
        int advertisedPort;
        try {
            advertisedPort = Integer.parseInt(advertised.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--advertise \"" + advertised + "\" is not HOST:PORT");
        }
        try {
            return HostPort.builder().bind(InetAddress.getByName(bind)).port(port != null ? port : advertisedPort).advertise(host, advertisedPort)
                    .certificate(HostCertificate.enrolled(data)).start();
        } catch (java.net.BindException e) {
            throw new IllegalArgumentException("cannot serve desktops on " + bind + ":" + (port != null ? port : advertisedPort) + ": "
                    + e.getMessage());
        }
    }

    /** The pool of --provider, with the xvnc and static settings as the broker takes them. */
    private java.util.function.Function<HostPort, DesktopPool> pools() {
        DesktopPoolOptions o = new DesktopPoolOptions();
        o.kind = provider;
        o.start = xvncStart;
        o.geometry = xvncGeometry;
        o.maxSessions = capacity;
        o.staticServers = staticServers;
        try {
            return o.factory();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--desktops", "--provider"));
        }
    }

    private int demoDesktop() throws Exception {
        if (port == null) throw new IllegalArgumentException("give --port P for the demo desktop, or --join URL... to serve brokers' desktops");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port " + port + " is outside 0..65535");
        ClinicalDesktop desktop = new ClinicalDesktop(user, name);
        String password = noAuth ? null : VncPasswords.random();
        RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(port).source(desktop)
                .security(noAuth ? ServerSecurity.none() : ServerSecurity.fixedPassword(password)).build();
        server.start();
        System.out.println("desktop-host serving \"" + desktop.name() + "\" on 127.0.0.1:" + server.port()
                + (noAuth ? " without authentication" : " with VNC password " + password));
        UntilStopped.await("rounds-desktop-host", server::close);
        return 0;
    }
}
