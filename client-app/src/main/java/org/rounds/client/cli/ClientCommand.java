package org.rounds.client.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rounds.client.config.ConfigException;
import org.rounds.client.config.EndpointConfig;
import org.rounds.client.config.EndpointConfigFile;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.client.ui.EndpointApp;
import org.rounds.client.ui.Messages;
import org.rounds.device.BadgeReader;
import org.rounds.device.Debouncer;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.inventory.LiveReaders;
import org.rounds.device.inventory.ReaderInventory;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Runs one endpoint window against its brokers.",
                "Badges come from every reader found (PC/SC, RF IDeas pcProx, keyboard wedge) and, for tests,",
                "from standard input, one per line: 'tap <badge id>' or 'remove'."})
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

    @Override
    public Integer call() throws Exception {
        EndpointConfig file = loadConfig();
        String id = endpointId != null ? endpointId : file.endpoint().id();
        EndpointProfile profile = new EndpointProfile(id,
                EndpointProfile.Kind.parse(kiosk ? "kiosk" : kind != null ? kind : file.endpoint().kind()),
                location != null ? location : file.endpoint().location());
        List<String> brokers = this.brokers != null ? this.brokers : file.brokers();
        Displays.requireDisplay("client");
        EndpointApp.warmUp(); // JavaFX starts while the broker and the readers are set up
        Clock clock = Clock.systemUTC();
        List<BadgeReader> readers = new ArrayList<>();
        BrokerClient.Builder brokerClient = BrokerClient.builder().brokers(brokers).pins(file.tls().pins());
        if (brokerCa != null) brokerClient.caFile(brokerCa);
        else if (file.tls().caFile() != null) brokerClient.caFile(Path.of(file.tls().caFile()));
        try (BrokerClient broker = brokerClient.build()) {
            broker.register(profile.registration());
            RfbDesktopDisplay display = new RfbDesktopDisplay();
            try (RoamingEndpoint roaming = RoamingEndpoint.builder().profile(profile).broker(broker)
                         .display(display).screen(display).clock(clock).build();
                 PushChannel push = broker.openPush(id, roaming);
                 SimulatedReader reader = new SimulatedReader(id, clock)) {
                BadgeReader.ReaderListener taps = new Debouncer(Duration.ofMillis(file.readers().debounceMillis()), clock).filter(roaming);
                reader.start(taps);
                reader.listen(System.in, "stdin");
                readers.addAll(startReaders(file, clock, taps));
                EndpointApp.launch(profile, roaming, display, Messages.of(file.language()),
                        java.util.Optional.ofNullable(file.kiosk().adminPinHash()), broker::statuses,
                        org.rounds.device.wedge.KeyboardLayout.valueOf(file.readers().keyboardLayout().toUpperCase(java.util.Locale.ROOT)));
            } finally {
                readers.forEach(BadgeReader::close);
                display.clear();
            }
        }
        return 0;
    }

    /**
     * Every badge reader this machine has (PC/SC, pcProx, wedge) and any plugged in later,
     * feeding the endpoint; a driver that cannot run says why once, as a reader error.
     */
    private static List<BadgeReader> startReaders(EndpointConfig file, Clock clock, BadgeReader.ReaderListener taps) {
        ReaderInventory inventory = new ReaderInventory(clock, CredentialFormat.parse(file.readers().uidFormat()),
                CredentialFormat.parse(file.readers().format()));
        LiveReaders live = LiveReaders.of(inventory);
        live.start(taps);
        return List.of(live);
    }

    /** The file named by --config, else the OS's usual one, else one made of --broker and --endpoint. */
    private EndpointConfig loadConfig() throws ConfigException {
        if (config != null) return EndpointConfigFile.read(config);
        var found = EndpointConfigFile.find();
        if (found.isPresent()) return EndpointConfigFile.read(found.get());
        if (brokers == null || endpointId == null) {
            throw new ConfigException("no endpoint configuration: give --config FILE, or --broker URL and --endpoint ID,"
                    + " or create /etc/rounds/endpoint.json");
        }
        return new EndpointConfig(new EndpointConfig.Endpoint(endpointId, kind == null ? "cart" : kind, location),
                brokers, null, null, null, null);
    }
}
