package org.rounds.cli.demo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rounds.broker.Broker;
import org.rounds.broker.api.DesktopPool;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.client.endpoint.BrokerTransport;
import org.rounds.client.endpoint.Endpoint;
import org.rounds.client.ui.SideBySideWindow;
import org.rounds.device.Debouncer;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.session.EndpointProfile;

/**
 * Everything the demo runs, in one process: the embedded desktop host, a broker on a random
 * loopback port with an in-memory store and the demo badges enrolled, and one endpoint per
 * name, wired as {@code rounds client} wires it ({@link Endpoint}), each with a simulated reader.
 */
public final class DemoWorld implements AutoCloseable {

    private final EmbeddedDesktopPool desktops;
    private final Broker broker;
    private final Map<String, DemoEndpoint> endpoints = new LinkedHashMap<>();

    private DemoWorld(EmbeddedDesktopPool desktops, Broker broker) {
        this.desktops = desktops;
        this.broker = broker;
    }

    /** Starts the host, the broker and the endpoints; {@code kinds} maps endpoint id → kind. */
    public static DemoWorld start(Map<String, String> kinds) {
        EmbeddedDesktopPool desktops = new EmbeddedDesktopPool();
        // the roam bench taps far faster than people do: no rate limit in this world
        Broker broker = Broker.builder().inMemory().port(0).desktops(desktops).tapRateLimit(10_000, 10_000).build();
        DemoWorld world = new DemoWorld(desktops, broker);
        try {
            broker.start();
            for (DemoBadge b : DemoBadge.ALL) {
                b.userId().ifPresent(user -> broker.enroll(user, b.displayName(), b.badgeId()));
            }
            // the doctor shows the PIN pad on a first tap, and password login without a badge
            broker.admin().setPin("doctor", DOCTOR_PIN);
            broker.admin().setPassword("doctor", DOCTOR_PASSWORD);
            for (Map.Entry<String, String> e : kinds.entrySet()) {
                world.endpoints.put(e.getKey(), world.startEndpoint(e.getKey(), e.getValue()));
            }
            return world;
        } catch (RuntimeException e) {
            world.close();
            throw e;
        }
    }

    /** The demo doctor's PIN (asked after his first tap) and password (for login without a badge). */
    public static final String DOCTOR_PIN = "2468";
    public static final String DOCTOR_PASSWORD = "rounds-demo";

    /** The shared account every demo kiosk shows. */
    public static final String KIOSK_ACCOUNT = "er-reception";

    private DemoEndpoint startEndpoint(String id, String kind) {
        EndpointProfile profile = new EndpointProfile(id, EndpointProfile.Kind.parse(kind),
                kind.equals("kiosk") ? "Emergency reception demo" : "Ward 4 demo");
        if (profile.policy().kiosk()) broker.assignKiosk(id, KIOSK_ACCOUNT, "ER reception");
        // the demo's broker is in this process on loopback HTTP: allowed here in code, never by a user flag
        Endpoint parts = Endpoint.start(profile, BrokerClient.builder().broker(broker.baseUrl()).build(),
                Debouncer.DEFAULT_WINDOW, Clock.systemUTC(), BrokerTransport.INSECURE_DEV);
        SimulatedReader reader = parts.own(new SimulatedReader(id, parts.clock()));
        reader.start(parts.taps());
        return new DemoEndpoint(parts, kind, reader);
    }

    public DemoEndpoint endpoint(String id) {
        DemoEndpoint e = endpoints.get(id);
        if (e == null) throw new IllegalArgumentException("no demo endpoint " + id);
        return e;
    }

    public List<DemoEndpoint> endpoints() { return List.copyOf(endpoints.values()); }

    /** The endpoints as the side-by-side window shows them. */
    public List<Endpoint> parts() { return endpoints.values().stream().map(DemoEndpoint::parts).toList(); }

    /** One badge-panel button per demo badge, tapping it on the chosen endpoint's simulated reader. */
    public List<SideBySideWindow.BadgeButton> badgeButtons() {
        return DemoBadge.ALL.stream().map(b -> new SideBySideWindow.BadgeButton(b.label(),
                b.label() + (b.userId().isPresent() ? " (" + b.displayName() + ")" : ""),
                "badge-" + b.label().replace(' ', '-'), e -> endpoint(e.id()).tap(b))).toList();
    }

    public DesktopPool desktops() { return desktops; }

    public Broker broker() { return broker; }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (DemoEndpoint e : endpoints.values()) {
            try { e.close(); } catch (RuntimeException ex) { failures.add(ex); }
        }
        try { broker.close(); } catch (RuntimeException ex) { failures.add(ex); }
        try { desktops.close(); } catch (RuntimeException ex) { failures.add(ex); }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
