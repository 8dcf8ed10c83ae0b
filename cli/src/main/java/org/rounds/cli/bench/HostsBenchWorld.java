package org.rounds.cli.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.store.Hosts;

/**
 * What {@code rounds bench hosts} runs on, all on this machine's loopback: two {@code rounds
 * broker --desktops hosts} processes on one PostgreSQL (one key file, one CA directory), two
 * {@code rounds desktop-host --provider embedded} processes enrolled with codes from the store,
 * and enrolled carts in this process. Every child is killed when the world closes, and by a
 * shutdown hook if this JVM is stopped first (Ctrl+C).
 */
final class HostsBenchWorld implements AutoCloseable {
    static final Duration START_LIMIT = Duration.ofSeconds(90);
    private final Path dir;
    private final String dbUrl;
    private final Path key;
    private final RoundsProcess[] brokers = new RoundsProcess[2];
    private final String[] brokerUrls = new String[2];
    private final RoundsProcess[] hosts = new RoundsProcess[2];
    private final int[] hostPorts = new int[2];
    private final List<BenchEndpoint> endpoints = new ArrayList<>();
    private final Thread killChildren = new Thread(this::killAllNow, "rounds-bench-hosts-children");
    private Path ca;
    private int starts;

    private HostsBenchWorld(Path dir, String dbUrl, Path key) {
        this.dir = dir;
        this.dbUrl = dbUrl;
        this.key = key;
    }

    static String user(int i) { return "bench-user-" + i; }

    static String badge(int i) { return "BENCH" + (1_000_000 + i); }

    static String hostName(int h) { return "bench-host-" + (h + 1); }

    /** Starts the brokers, the hosts and {@code endpoints} carts, with {@code users} users enrolled; closes what it started when a step fails. */
    static HostsBenchWorld start(String dbUrl, int endpoints, int users) throws Exception {
        Path dir = Files.createTempDirectory("rounds-bench-hosts");
        HostsBenchWorld w = new HostsBenchWorld(dir, dbUrl, BenchDatabase.keyFile());
        Runtime.getRuntime().addShutdownHook(w.killChildren);
        try {
            String[] hostCodes = new String[2];
            List<String> endpointCodes = new ArrayList<>();
            try (StoreAdmin admin = w.admin()) {   // migrates the store before any broker starts
                for (int i = 0; i < users; i++) admin.enroll(user(i), "Bench User " + i, badge(i));
                for (int h = 0; h < 2; h++) hostCodes[h] = admin.addHost(hostName(h), "");
                for (int i = 0; i < endpoints; i++) endpointCodes.add(admin.addEndpoint(endpointId(i), "cart", "Bench ward", ""));
            }
            // the first broker makes the CA in the shared directory; the second finds it there
            for (int b = 0; b < 2; b++) w.startBroker(b, 0);
            for (int h = 0; h < 2; h++) {
                w.hostPorts[h] = freePort();
                w.startHost(h, hostCodes[h]);
            }
            for (int h = 0; h < 2; h++) w.awaitHostUp(h);
            // every cart prefers broker 1, so that killing it kills the broker that served every desktop
            List<String> order = List.of(w.brokerUrls[0], w.brokerUrls[1]);
            for (int i = 0; i < endpoints; i++)
                w.endpoints.add(BenchEndpoint.enrol(endpointId(i), endpointCodes.get(i), order, w.ca, w.dir.resolve(endpointId(i))));
            return w;
        } catch (Exception | Error e) {
            w.close();
            throw e;
        }
    }

    private static String endpointId(int i) { return "bench-cart-" + i; }

    StoreAdmin admin() { return Broker.admin(dbUrl, key); }

    List<BenchEndpoint> endpoints() { return List.copyOf(endpoints); }

    /** Starts broker {@code b} on {@code port} (0: a free one, which it keeps for its restarts). */
    void startBroker(int b, int port) throws IOException, InterruptedException {
        RoundsProcess p = RoundsProcess.start("broker " + (b + 1), "256m", List.of("broker", "--desktops", "hosts", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--db", dbUrl, "--key-file", key.toString(), "--ca-dir", dir.resolve("ca").toString(),
                "--data", dir.resolve("broker-" + (b + 1)).toString()), log("broker-" + (b + 1)));
        brokers[b] = p;
        String listening = p.awaitLine("broker listening on ", START_LIMIT);
        brokerUrls[b] = listening.substring("broker listening on ".length()).split(" ")[0];
        String trust = p.awaitLine("endpoints and desktop hosts trust ", Duration.ofSeconds(5));
        ca = Path.of(trust.substring("endpoints and desktop hosts trust ".length()).trim());
    }

    /** Broker {@code b}'s port, for its restart where the carts and hosts know it. */
    int brokerPort(int b) {
        return Integer.parseInt(brokerUrls[b].substring(brokerUrls[b].lastIndexOf(':') + 1).replace("/", ""));
    }

    /** Starts host {@code h} on its port; {@code code} null for a restart (the host is enrolled already). */
    void startHost(int h, String code) throws IOException, InterruptedException {
        List<String> join = h == 0 ? List.of(brokerUrls[0], brokerUrls[1]) : List.of(brokerUrls[1], brokerUrls[0]);
        List<String> args = new ArrayList<>(List.of("desktop-host", "--join", String.join(",", join), "--broker-ca", ca.toString(),
                "--data", dir.resolve("host-" + (h + 1)).toString(), "--provider", "embedded", "--bind", "127.0.0.1",
                "--advertise", "127.0.0.1:" + hostPorts[h], "--capacity", "100"));
        if (code != null) args.addAll(List.of("--enrol-code", code));
        RoundsProcess p = RoundsProcess.start("desktop host " + (h + 1), "512m", args, log("host-" + (h + 1)));
        hosts[h] = p;
        p.awaitLine("desktops served on ", START_LIMIT);
        p.awaitLine("desktop host " + hostName(h) + " joined broker ", START_LIMIT);
    }

    /** Waits, bounded, until the store says host {@code h} is up at its address. */
    void awaitHostUp(int h) throws IOException, InterruptedException {
        long end = System.nanoTime() + START_LIMIT.toNanos();
        try (StoreAdmin admin = admin()) {
            while (true) {
                if (admin.hosts().stream().anyMatch(l -> l.name().equals(hostName(h)) && l.state().equals("up")
                        && l.address().equals("127.0.0.1:" + hostPorts[h]))) return;
                if (System.nanoTime() > end) throw new IOException(hostName(h) + " is not up in the store within " + START_LIMIT.toSeconds() + " s");
                Thread.sleep(50);
            }
        }
    }

    void killBroker(int b) throws InterruptedException { brokers[b].kill(); }

    void killHost(int h) throws InterruptedException { hosts[h].kill(); }

    /** The host each of these users' desktops is placed on, by user id (from the shared store). */
    Map<String, String> placements() throws SQLException {
        Map<String, String> m = new HashMap<>();
        try (StoreAdmin admin = admin(); Connection c = admin.db().connection();
             PreparedStatement ps = c.prepareStatement("SELECT user_id, desktop_host FROM desktop_sessions WHERE desktop_host IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) m.put(rs.getString(1), rs.getString(2));
        }
        return m;
    }

    List<Hosts.Listed> hostList() {
        try (StoreAdmin admin = admin()) {
            return admin.hosts();
        }
    }

    boolean drain(int h, boolean drained) {
        try (StoreAdmin admin = admin()) {
            return admin.drainHost(hostName(h), drained);
        }
    }

    private Path log(String name) {
        return dir.resolve(name + "-" + (++starts) + ".log");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void killAllNow() {
        for (RoundsProcess p : Stream.concat(Stream.of(brokers), Stream.of(hosts)).toList()) if (p != null) p.killNow();
    }

    /** The carts first (their screens cleared), then every child with SIGKILL, then the run's files. */
    @Override
    public void close() throws InterruptedException {
        for (BenchEndpoint e : endpoints) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                System.err.println("bench: closing " + e.id() + ": " + ex.getMessage());
            }
        }
        for (RoundsProcess p : Stream.concat(Stream.of(brokers), Stream.of(hosts)).toList()) if (p != null) p.kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killChildren);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran: the children are killed
        }
        if (Boolean.getBoolean("rounds.bench.keep")) {   // the children's logs, to read what they said
            System.err.println("bench: kept " + dir);
            return;
        }
        ThrowawayPostgres.deleteTree(dir);
    }
}
