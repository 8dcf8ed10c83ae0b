package org.rounds.client.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.rounds.broker.api.ConfigException;
import org.rounds.client.config.EndpointConfig;
import org.rounds.client.config.EndpointConfigFile;
import org.rounds.client.config.WedgeReader;
import org.rounds.client.endpoint.BrokerTransport;
import org.rounds.client.endpoint.CoreDumps;
import org.rounds.client.endpoint.Endpoint;
import org.rounds.client.ui.EndpointApp;
import org.rounds.device.BadgeReader;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.inventory.LiveReaders;
import org.rounds.device.inventory.ReaderInventory;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.session.EndpointProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Runs one endpoint window against its brokers (https:// only, unless --insecure-dev).",
                "Badges come from every reader found (PC/SC, RF IDeas pcProx, keyboard wedge) and, with",
                "--simulate-reader only, from standard input, one per line: 'tap <badge id>' or 'remove'."})
final class ClientCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Endpoint configuration (JSON). Default: /etc/rounds/endpoint.json, then ~/.config/rounds/endpoint.json.")
    Path config;

    @Option(names = "--broker", paramLabel = "URL",
            description = "Broker base URL, e.g. https://127.0.0.1:8443; repeat for more brokers, in order of preference. Overrides the file.")
    List<String> brokers;

    @Option(names = "--broker-ca", paramLabel = "FILE", description = "PEM file of the CA that signed the brokers' certificates, "
            + "e.g. the tls/dev-ca.pem of a 'rounds broker' data directory. Overrides the file's tls.caFile.")
    Path brokerCa;

    @Option(names = "--endpoint", paramLabel = "ID", description = "This endpoint's id, e.g. cart-3. Overrides the file.")
    String endpointId;

    @Option(names = "--kind", description = "cart, tablet, kiosk or workstation (default: cart). Overrides the file.")
    String kind;

    @Option(names = "--location", description = "Where the endpoint stands, e.g. 'Ward 4, bed 12'. Overrides the file.")
    String location;

    @Option(names = "--kiosk", description = "Run as a kiosk: full screen, the shared account's desktop at start, "
            + "left only with the admin PIN (same as endpoint kind 'kiosk').")
    boolean kiosk;

    @Option(names = "--enrol", paramLabel = "CODE", description = "Enrols this endpoint with the one-time code from 'rounds broker "
            + "endpoints add' (key and certificate into the directory holding endpoint.json, or the file's tls.keyFile and "
            + "tls.certificateFile), prints 'enrolled ID' and exits.")
    String enrolCode;

    @Option(names = "--simulate-reader", description = "Also read badges from standard input, one per line: "
            + "'tap <badge id>' or 'remove'. For tests and development only: without it standard input is never read.")
    boolean simulateReader;

    @Option(names = "--remote", paramLabel = "URL", description = "From outside the hospital: sign in at this remote-access gateway "
            + "(https://gateway.example[:PORT]) with user id, password and the 6-digit code of an authenticator app, then show the "
            + "desktop through the gateway. Needs no endpoint.json, broker or badge reader.")
    String remote;

    @Option(names = "--gateway-ca", paramLabel = "FILE", description = "With --remote: PEM file of the CA that signed the gateway's "
            + "certificate (a gateway's development certificate); default: the system's trusted CAs, as for any public site.")
    Path gatewayCa;

    @Option(names = BrokerTransport.FLAG, description = "Allow plain http:// brokers, e.g. a developer's loopback broker. "
            + "Without it an http:// broker is refused: taps carry badge numbers and answers carry desktop passwords.")
    boolean insecureDev;

    @Spec
    CommandSpec spec;

    /** Where --simulate-reader reads taps; tests give their own. */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws Exception {
        if (remote != null) return RemoteMode.run(remote, Optional.ofNullable(gatewayCa), spec);
        Loaded loaded = loadConfig();
        EndpointConfig file = loaded.config();
        Path dir = endpointDirectory(loaded);
        if (enrolCode != null) {
            List<String> urls = this.brokers != null ? this.brokers : file.brokers();
            Path ca = brokerCa != null ? brokerCa : file.tls().caFile() != null ? Path.of(file.tls().caFile()) : null;
            if (ca == null) throw new ConfigException("--enrol needs the broker's CA: give --broker-ca FILE or set tls.caFile in endpoint.json");
            spec.commandLine().getOut().println("enrolled " + EnrolCommand.enrol(urls.get(0), ca, enrolCode, dir));
            spec.commandLine().getOut().flush();
            return 0;
        }
        String id = endpointId != null ? endpointId : file.endpoint().id();
        EndpointProfile profile = new EndpointProfile(id,
                EndpointProfile.Kind.parse(kiosk ? "kiosk" : kind != null ? kind : file.endpoint().kind()),
                location != null ? location : file.endpoint().location());
        List<String> brokers = this.brokers != null ? this.brokers : file.brokers();
        BrokerTransport transport = insecureDev ? BrokerTransport.INSECURE_DEV : BrokerTransport.TLS_ONLY;
        transport.check(brokers);   // before anything starts: a plain-HTTP broker is one line and exit 1
        loaded.file().flatMap(EndpointConfigFile::worldReadableWarning)
                .ifPresent(w -> spec.commandLine().getErr().println("rounds client: warning: " + w));
        CoreDumps.disable();   // the unit says LimitCORE=0; this covers every other way of starting
        Displays.requireDisplay("client");
        EndpointApp.warmUp(); // JavaFX starts while the broker and the readers are set up
        Clock clock = Clock.systemUTC();
        BrokerClient.Builder brokerClient = BrokerClient.builder().brokers(brokers).pins(file.tls().pins());
        if (brokerCa != null) brokerClient.caFile(brokerCa);
        else if (file.tls().caFile() != null) brokerClient.caFile(Path.of(file.tls().caFile()));
        Path key = file.tls().keyFile() != null ? Path.of(file.tls().keyFile()) : dir.resolve(org.rounds.roaming.client.Enrolment.KEY_FILE);
        Path cert = file.tls().certificateFile() != null ? Path.of(file.tls().certificateFile())
                : dir.resolve(org.rounds.roaming.client.Enrolment.CERTIFICATE_FILE);
        // enrolled: present the certificate (an HTTPS broker answers an endpoint without one with 401)
        if (java.nio.file.Files.isRegularFile(key) && java.nio.file.Files.isRegularFile(cert)) brokerClient.clientCertificate(key, cert);
        try (Endpoint endpoint = Endpoint.start(profile, brokerClient.build(),
                Duration.ofMillis(file.readers().debounceMillis()), clock, transport)) {
            simulatedReader(endpoint);
            endpoint.own(startReaders(file, clock, endpoint.taps()));
            EndpointApp.launch(endpoint, file, WedgeReader.forWindow(file.readers(), () -> WedgeReader.attached(clock)));
        }
        return 0;
    }

    /**
     * With --simulate-reader, standard input taps on {@code endpoint} like a reader; without it,
     * standard input is not read at all (a production endpoint takes badges from readers only).
     */
    void simulatedReader(Endpoint endpoint) {
        if (!simulateReader) return;
        SimulatedReader reader = endpoint.own(new SimulatedReader(endpoint.id(), endpoint.clock()));
        reader.start(endpoint.taps());
        reader.listen(stdin, "stdin");
    }

    /**
     * Every badge reader this machine has (PC/SC, pcProx, wedge) and any plugged in later,
     * feeding the endpoint; a driver that cannot run says why once, as a reader error.
     */
    private static BadgeReader startReaders(EndpointConfig file, Clock clock, BadgeReader.ReaderListener taps) {
        ReaderInventory inventory = new ReaderInventory(clock, CredentialFormat.parse(file.readers().uidFormat()),
                CredentialFormat.parse(file.readers().format()));
        LiveReaders live = LiveReaders.of(inventory);
        live.start(taps);
        return live;
    }

    /** The directory holding endpoint.json (--config's, else the usual one), else the working directory. */
    private static Path endpointDirectory(Loaded loaded) {
        Path parent = loaded.file().map(f -> f.toAbsolutePath().getParent()).orElse(null);
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    /** The configuration and the file it came from, if any. */
    private record Loaded(EndpointConfig config, Optional<Path> file) {}

    /** The file named by --config, else the OS's usual one, else one made of --broker and --endpoint. */
    private Loaded loadConfig() throws ConfigException {
        if (config != null) return new Loaded(EndpointConfigFile.read(config), Optional.of(config));
        var found = EndpointConfigFile.find();
        if (found.isPresent()) return new Loaded(EndpointConfigFile.read(found.get()), found);
        if (brokers == null || endpointId == null) {
            throw new ConfigException("no endpoint configuration: give --config FILE, or --broker URL and --endpoint ID,"
                    + " or create /etc/rounds/endpoint.json");
        }
        return new Loaded(new EndpointConfig(new EndpointConfig.Endpoint(endpointId, kind == null ? "cart" : kind, location),
                brokers, null, null, null, null), Optional.empty());
    }
}
