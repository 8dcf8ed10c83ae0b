package org.rounds.testpeers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several machines on one box: a Linux bridge with its own /24 in 10.231.0.0/16, the root
 * namespace on it at {@code .1} (where the test JVM, an in-process broker or PostgreSQL can
 * listen), and {@link NetHost hosts} — network namespaces on the bridge, {@code .2} onwards — in
 * which a test starts processes. Nothing works by loopback between them, and no namespace has a
 * route beyond the subnet, so nothing a test starts can reach an address it did not make.
 *
 * <pre>{@code
 * try (TestNetwork net = TestNetwork.create()) {
 *     NetHost a = net.host("broker1"), b = net.host("cart1");
 *     NetProcess broker = a.startJava("org.rounds.cli.Main", List.of("broker", "--bind", a.address().getHostAddress()), Map.of());
 *     ...
 * }
 * }</pre>
 *
 * <p>Needs root (CAP_NET_ADMIN) and {@code ip}; without them {@link #create()} skips the test
 * with one line, or fails it under {@code CI=true}. Names carry the JVM's pid ({@code rt<pid>_<n>…},
 * 15 characters at most as IFNAMSIZ demands), so parallel runs never meet, and a later run removes
 * what a JVM killed before its cleanup left behind. {@link #close()} kills every process in the
 * namespaces and removes the namespaces, veths and the bridge; a shutdown hook does it for
 * networks a test forgot.
 */
public final class TestNetwork implements AutoCloseable {

    private static final String SUBNET_PREFIX = "10.231.";
    private static final int MAX_HOSTS = 253;   // .2 .. .254
    static final AtomicInteger NETWORKS = new AtomicInteger();   // the n of rt<pid>_<n>: package-private for a test
    private static final Set<TestNetwork> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(TestNetwork::close), "test-network-shutdown"));
    }

    private final Ip ip;
    private final String ipPath;
    private final String tag;          // rt<pid36>_<n36>: the prefix of every name this network makes
    private final int subnet;          // the third octet: 10.231.<subnet>.0/24
    private final Path logDir;
    private final List<NetHost> hosts = new CopyOnWriteArrayList<>();
    private final List<String> links = new CopyOnWriteArrayList<>();
    private final List<NetProcess> processes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger rootStarted = new AtomicInteger();

    private TestNetwork(Ip ip, String ipPath, String tag, int subnet) {
        this.ip = ip;
        this.ipPath = ipPath;
        this.tag = tag;
        this.subnet = subnet;
        this.logDir = Path.of(System.getProperty("user.dir"), "target", "test-network", tag);
    }

    /**
     * A new bridge with a free /24 (chosen from the pid, skipping any 10.231.x.0/24 already on this
     * machine's links or routes) and the root namespace on it at .1. Skips (fails under CI=true)
     * without root or {@code ip}.
     */
    public static TestNetwork create() {
        Path ipBinary = requireAvailable();
        Ip ip = new Ip(ipBinary);
        long pid = ProcessHandle.current().pid();
        String tag = "rt" + Long.toString(pid, 36) + "_" + Integer.toString(NETWORKS.getAndIncrement(), 36);
        StaleNetworks.remove(ip, tag);
        synchronized (TestNetwork.class) {   // two networks of one JVM must not pick the same subnet
            int subnet = freeSubnet(ip, (int) (pid % 256));
            TestNetwork net = new TestNetwork(ip, ipBinary.toString(), tag, subnet);
            OPEN.add(net);
            try {
                net.links.add(net.bridge());
                ip.run("link", "add", net.bridge(), "type", "bridge");
                // A fixed address: a bridge otherwise takes the lowest address of its ports, so a host
                // added later could change it, leaving every namespace's ARP entry for .1 stale (the
                // brokers lost PostgreSQL for many seconds in 1 run of 3 while the endpoints joined).
                ip.run("link", "set", net.bridge(), "address", bridgeAddress(subnet));
                ip.run("addr", "add", SUBNET_PREFIX + subnet + ".1/24", "dev", net.bridge());
                ip.run("link", "set", net.bridge(), "up");
            } catch (RuntimeException e) {
                net.close();
                if (e.getMessage() != null && e.getMessage().contains("Operation not permitted")) {
                    return Peers.unavailable("network namespaces need CAP_NET_ADMIN, which this root lacks: " + e.getMessage());
                }
                throw e;
            }
            return net;
        }
    }

    /** The {@code ip} binary, when this JVM runs as root; otherwise skips the test (fails it under CI=true). */
    static Path requireAvailable() {
        Path ipBinary = Peers.require("ip", "iproute2");
        if (!runningAsRoot()) {
            return Peers.unavailable("network namespaces need root (CAP_NET_ADMIN): run the peer tests as root");
        }
        return ipBinary;
    }

    /**
     * A new namespace named after {@code name} (lower-case letters, digits and '-', up to 20),
     * with lo up and {@code eth0} on the bridge at the next free address.
     */
    public NetHost host(String name) {
        checkOpen();
        if (!name.matches("[a-z0-9][a-z0-9-]{0,19}")) {
            throw new IllegalArgumentException("host name must be 1..20 of a-z 0-9 -, starting with a letter or digit: " + name);
        }
        synchronized (this) {
            if (hosts.stream().anyMatch(h -> h.name().equals(name))) throw new IllegalArgumentException("host " + name + " exists already");
            if (hosts.size() >= MAX_HOSTS) throw new IllegalStateException("a /24 network holds at most " + MAX_HOSTS + " hosts");
            int index = hosts.size() + 2;
            String namespace = tag + "-" + name;
            String veth = tag + "h" + Integer.toString(index, 36), peer = tag + "p" + Integer.toString(index, 36);
            InetAddress address = address(index);
            NetHost host = new NetHost(this, name, namespace, address);
            hosts.add(host);      // before it exists: close() removes whatever part of it was made
            links.add(veth);
            ip.run("netns", "add", namespace);
            ip.run("link", "add", veth, "type", "veth", "peer", "name", peer);
            ip.run("link", "set", peer, "netns", namespace);
            ip.run("link", "set", veth, "master", bridge());
            ip.run("link", "set", veth, "up");
            ip.run("-n", namespace, "link", "set", peer, "name", "eth0");
            ip.run("-n", namespace, "addr", "add", address.getHostAddress() + "/24", "dev", "eth0");
            ip.run("-n", namespace, "link", "set", "eth0", "up");
            ip.run("-n", namespace, "link", "set", "lo", "up");
            return host;
        }
    }

    /**
     * Starts a main class of the test's class path in the root namespace, which has a leg on
     * this network's bridge at {@link #rootAddress()} and on every other network's: a machine
     * between two networks, as a gateway in a DMZ is. Output as {@link NetHost#startJava}
     * ({@code root-NAME-N.out}); this network kills it on close if the test has not.
     */
    public NetProcess startJavaInRoot(String name, String mainClass, List<String> args, Map<String, String> env) {
        List<String> command = JavaLauncher.command(mainClass, args);
        return NetHost.launch(this, "root-" + name + "-" + rootStarted.incrementAndGet(), command, env, false, command.get(0) + " in the root namespace");
    }

    /** The root namespace's address on the bridge (10.231.x.1): where the test JVM itself listens or connects from. */
    public InetAddress rootAddress() {
        return address(1);
    }

    /** The network in CIDR form, {@code 10.231.x.0/24}. */
    public String subnet() {
        return SUBNET_PREFIX + subnet + ".0/24";
    }

    /** A locally administered unicast MAC address (02:...) of its own for the bridge of subnet {@code subnet}. */
    static String bridgeAddress(int subnet) {
        return String.format("02:52:6f:75:%02x:01", subnet & 0xFF);
    }

    /** The bridge's name. */
    public String bridge() {
        return tag + "b";
    }

    /** The hosts made so far, in order. */
    public List<NetHost> hosts() {
        return List.copyOf(hosts);
    }

    /** Every namespace and link name this network made (for a test that checks nothing is left). */
    public List<String> names() {
        List<String> names = new ArrayList<>(links);
        hosts.forEach(h -> names.add(h.namespace()));
        return names;
    }

    /**
     * SIGKILL to every process in the namespaces (those the test started and any they left), then
     * removes the namespaces, the veths and the bridge. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            processes.forEach(NetProcess::kill);
            for (NetHost h : hosts) {
                // what a started process forked and left behind (a shell's children, a daemon)
                for (String pid : ip.tryRun("netns", "pids", h.namespace()).stdout().split("\\s+")) {
                    if (pid.matches("\\d+")) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            for (NetHost h : hosts) ip.tryRun("netns", "del", h.namespace());
            for (String link : links) ip.tryRun("link", "del", link);   // a veth usually went with its namespace
        } finally {
            OPEN.remove(this);
        }
    }

    void checkOpen() {
        if (closed.get()) throw new IllegalStateException("the test network " + tag + " is closed");
    }

    void track(NetProcess p) {
        processes.add(p);
    }

    Path logDir() {
        return logDir;
    }

    String ipPath() {
        return ipPath;
    }

    private InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) 231, (byte) subnet, (byte) last});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    /** The first third octet from {@code start} on whose 10.231.x.0/24 no link address or route of this machine uses. */
    private static int freeSubnet(Ip ip, int start) {
        String used = ip.run("-4", "-o", "addr", "show") + ip.run("-4", "route", "show", "table", "all");
        for (int i = 0; i < 256; i++) {
            int candidate = (start + i) % 256;
            if (!used.contains(SUBNET_PREFIX + candidate + ".")) return candidate;
        }
        throw new IllegalStateException("every /24 of 10.231.0.0/16 is in use on this machine: remove stale test bridges (ip link del rt...)");
    }

    private static boolean runningAsRoot() {
        try {
            // "Uid:\treal\teffective\tsaved\tfs": the effective uid decides what the kernel allows
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no namespaces either
        }
        return false;
    }

    @Override
    public String toString() {
        return "test network " + subnet() + " on " + bridge();
    }
}
