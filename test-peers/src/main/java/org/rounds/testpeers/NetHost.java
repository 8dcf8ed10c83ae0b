package org.rounds.testpeers;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One machine of a {@link TestNetwork}: a network namespace whose only links are {@code lo} and
 * {@code eth0} (a veth on the network's bridge) with its own address. It has no default route,
 * so what runs in it reaches the network's subnet and nothing else.
 *
 * <pre>{@code
 * NetHost broker = net.host("broker1");
 * NetProcess p = broker.start(JavaLauncher.command("org.rounds.cli.Main", "broker", "--bind", broker.address().getHostAddress()), Map.of());
 * }</pre>
 */
public final class NetHost {

    /** What a short command run in the namespace printed ({@link #exec}). */
    public record Exec(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final TestNetwork network;
    private final String name;
    private final String namespace;
    private final InetAddress address;
    private final AtomicInteger started = new AtomicInteger();

    NetHost(TestNetwork network, String name, String namespace, InetAddress address) {
        this.network = network;
        this.name = name;
        this.namespace = namespace;
        this.address = address;
    }

    /** The name the test gave this host ({@code broker1}). */
    public String name() {
        return name;
    }

    /** The namespace's name, as {@code ip netns} knows it (unique to this run). */
    public String namespace() {
        return namespace;
    }

    /** The host's own address on the network's subnet (never loopback). */
    public InetAddress address() {
        return address;
    }

    /**
     * Starts {@code command} in this host's namespace ({@code ip netns exec NS command...}) with
     * {@code env} added to this JVM's environment. Output goes to
     * {@code target/test-network/RUN/NAME-N.out} and {@code .err}. The network kills it on close
     * if the test has not.
     */
    public NetProcess start(List<String> command, Map<String, String> env) {
        return start(command, env, false);
    }

    /**
     * As {@link #startJava(String, List, Map)}, with the process's stdin a pipe the test writes
     * lines to ({@link NetProcess#send}): a process driven by commands, as a headless endpoint is.
     */
    public NetProcess startJavaDriven(String mainClass, List<String> args, Map<String, String> env) {
        return start(JavaLauncher.command(mainClass, args), env, true);
    }

    private NetProcess start(List<String> command, Map<String, String> env, boolean driven) {
        return launch(network, name + "-" + started.incrementAndGet(), inNamespace(command), env, driven, command.get(0) + " in " + namespace);
    }

    /**
     * Starts {@code command} (already wrapped for its namespace, or not for the root one), its
     * output in {@code LOGS/label.out} and {@code .err}, tracked by {@code network} so that its
     * close kills it.
     */
    static NetProcess launch(TestNetwork network, String label, List<String> command, Map<String, String> env, boolean driven, String what) {
        network.checkOpen();
        Path dir = network.logDir();
        Path out = dir.resolve(label + ".out"), err = dir.resolve(label + ".err");
        try {
            Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(driven ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            NetProcess p = new NetProcess(label + " (" + what + ")", pb.start(), out, err);
            network.track(p);
            return p;
        } catch (IOException e) {
            throw new PeerStartException("cannot start " + what + ": " + e.getMessage());
        }
    }

    /** {@link #start} of a main class of the test's class path ({@link JavaLauncher#command}). */
    public NetProcess startJava(String mainClass, List<String> args, Map<String, String> env) {
        return start(JavaLauncher.command(mainClass, args), env);
    }

    /** As {@link #startJava(String, List, Map)}, with JVM options ({@code -Dname=value}, {@code -Xmx1g}) after the defaults. */
    public NetProcess startJava(List<String> jvmOptions, String mainClass, List<String> args, Map<String, String> env) {
        return start(JavaLauncher.command(jvmOptions, mainClass, args), env);
    }

    /** Runs a short command in the namespace to its end (at most 30 s) and returns what it printed. */
    public Exec exec(String... command) {
        network.checkOpen();
        Ip.Result r = Ip.exec(inNamespace(List.of(command)));
        return new Exec(r.exitCode(), r.stdout(), r.stderr());
    }

    /**
     * True when a TCP connection from this host to {@code address:port} is accepted within 2 s
     * (bash's {@code /dev/tcp}: no client binary, no JVM start).
     */
    public boolean connects(InetAddress to, int port) {
        return exec("timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/" + to.getHostAddress() + "/" + port).ok();
    }

    private List<String> inNamespace(List<String> command) {
        List<String> all = new ArrayList<>(List.of(network.ipPath(), "netns", "exec", namespace));
        all.addAll(command);
        return all;
    }

    @Override
    public String toString() {
        return name + " (" + address.getHostAddress() + " in " + namespace + ")";
    }
}
