package org.rounds.client.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.client.ui.EndpointApp;
import org.rounds.device.Debouncer;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Runs one endpoint window against a broker.",
                "Badge taps come from standard input, one per line: 'tap <badge id>' or 'remove'."})
final class ClientCommand implements Callable<Integer> {

    @Option(names = "--broker", required = true, paramLabel = "URL",
            description = "Broker base URL, e.g. http://127.0.0.1:8443; repeat for more brokers, in order of preference.")
    List<String> brokers;

    @Option(names = "--endpoint", required = true, paramLabel = "ID", description = "This endpoint's id, e.g. cart-3.")
    String endpointId;

    @Option(names = "--kind", defaultValue = "cart", description = "cart, tablet, kiosk or workstation (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--location", defaultValue = "", description = "Where the endpoint stands, e.g. 'Ward 4, bed 12'.")
    String location;

    @Override
    public Integer call() throws Exception {
        Displays.requireDisplay("client");
        EndpointProfile profile = new EndpointProfile(endpointId, EndpointProfile.Kind.parse(kind), location);
        Clock clock = Clock.systemUTC();
        try (BrokerClient broker = BrokerClient.builder().brokers(brokers).build()) {
            broker.register(profile.registration());
            RfbDesktopDisplay display = new RfbDesktopDisplay();
            try (RoamingEndpoint roaming = RoamingEndpoint.builder().profile(profile).broker(broker)
                         .display(display).screen(display).clock(clock).build();
                 PushChannel push = broker.openPush(endpointId, roaming);
                 SimulatedReader reader = new SimulatedReader(endpointId, clock)) {
                reader.start(new Debouncer(clock).filter(roaming));
                reader.listen(System.in, "stdin");
                EndpointApp.launch(profile, roaming, display);
            } finally {
                display.clear();
            }
        }
        return 0;
    }
}
