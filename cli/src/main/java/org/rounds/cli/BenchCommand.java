package org.rounds.cli;

import org.rounds.client.cli.Displays;

import java.util.concurrent.Callable;
import org.rounds.cli.bench.RoamBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print JSON.",
        subcommands = {BenchCommand.Roam.class, BenchCommand.Client.class, BenchCommand.Decode.class, BenchCommand.Bandwidth.class,
                BenchCommand.Failover.class, BenchCommand.DbFailover.class, BenchCommand.BrokerLoad.class, BenchCommand.Hosts.class,
                BenchCommand.Remote.class, BenchCommand.ConsoleAudit.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "roam", mixinStandardHelpOptions = true,
            description = {"Tap → first frame painted and roam A → B (A cleared, then B painted), p50/p95,",
                    "with the embedded broker and desktop host."})
    static final class Roam implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "100", description = "Runs (default: ${DEFAULT-VALUE}).")
        int runs;

        @Override
        public Integer call() throws Exception {
            return new RoamBench(runs, System.out).run();
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = {"Cold start of 'rounds client' to its lock screen, and its resident memory while it shows",
                    "a session (a separate process; needs a display, e.g. xvfb-run)."})
    static final class Client implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "3", description = "Cold starts (default: ${DEFAULT-VALUE}).")
        int runs;

        @Override
        public Integer call() throws Exception {
            Displays.requireDisplay("bench client");
            return new org.rounds.cli.bench.ClientBench(runs, System.out).run();
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = {"Replays FBS recordings at full speed into a framebuffer; one JSON object per file:",
                    "rectangles, pixels, wall and CPU seconds, Mpix/s overall and per encoding, and whether the",
                    "recording was cut short (truncated, bytes_left_over: it plays up to its last whole message)."})
    static final class Decode implements Callable<Integer> {
        @picocli.CommandLine.Parameters(paramLabel = "FILE.fbs", arity = "1..*", description = "Recordings (FBS 001.000).")
        java.util.List<java.nio.file.Path> files;

        @Option(names = "--repeat", defaultValue = "1", description = "Timed replays of each file (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--warmup", defaultValue = "1", description = "Untimed replays first, for the JIT (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--vs-tigervnc", description = {"Also serve each file to TigerVNC's vncviewer under Xvfb and print both",
                "CPU times per replay (medians of --repeat) and their ratio: tigervnc_cpu_seconds, rounds_cpu_seconds, cpu_ratio."})
        boolean vsTigerVnc;

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var bench = new org.rounds.cli.bench.DecodeBench(files, repeat, warmup, spec.commandLine().getOut());
            return vsTigerVnc ? bench.runVersusTigerVnc() : bench.run();
        }
    }

    @Command(name = "bandwidth", mixinStandardHelpOptions = true,
            description = {"A scripted EMR session (typing a note, scrolling the ward, opening charts) through the Rounds",
                    "RFB server per encoder; bytes and kbps per phase as JSON."})
    static final class Bandwidth implements Callable<Integer> {
        @Option(names = "--encoders", split = ",", paramLabel = "LIST", defaultValue = "raw,hextile,zrle,tight,tight-jpeg",
                description = "Encoders to measure (default: ${DEFAULT-VALUE}).")
        java.util.List<String> encoders;

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return new org.rounds.cli.bench.BandwidthBench(encoders, spec.commandLine().getOut()).run();
        }
    }

    @Command(name = "failover", mixinStandardHelpOptions = true,
            description = {"Brokers (each its own process) on one PostgreSQL and simulated endpoints tapping through the",
                    "real broker client; half way, one broker is killed with SIGKILL. JSON: taps, failed taps, p50/p99",
                    "before and after the kill, and whether the store is whole. Without --db a throw-away PostgreSQL",
                    "cluster is started (needs the postgresql package)."})
    static final class Failover implements Callable<Integer> {
        @Option(names = "--brokers", defaultValue = "3", description = "Brokers (default: ${DEFAULT-VALUE}).")
        int brokers;

        @Option(names = "--endpoints", defaultValue = "100", description = "Simulated endpoints (default: ${DEFAULT-VALUE}).")
        int endpoints;

        @Option(names = "--taps-per-s", defaultValue = "50", description = "Taps per second, all endpoints together (default: ${DEFAULT-VALUE}).")
        double tapsPerSecond;

        @Option(names = "--seconds", defaultValue = "20", description = "Length of the run; the kill comes half way (default: ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--db", paramLabel = "URL", description = "An empty PostgreSQL database to use: postgresql://user@host:port/db.")
        String db;

        @Override
        public Integer call() throws Exception {
            return new org.rounds.cli.bench.FailoverBench(brokers, endpoints, tapsPerSecond, seconds, db, System.out).run();
        }
    }

    @Command(name = "dbfailover", mixinStandardHelpOptions = true,
            description = {"Two brokers (each its own process) on a throw-away PostgreSQL primary and its synchronous standby,",
                    "simulated endpoints tapping (a failed tap retried under its tap id for up to 15 s); half way the",
                    "primary is SIGKILLed and the standby promoted. JSON: taps, failedTaps, lostCommittedTaps, recoveryMs",
                    "(kill to the first tap served again). Needs the postgresql package. Exit 0 when none failed or was",
                    "lost and recovery took at most 5 s."})
    static final class DbFailover implements Callable<Integer> {
        @Option(names = "--taps-per-s", defaultValue = "50", description = "Taps per second, all endpoints together (default: ${DEFAULT-VALUE}).")
        double tapsPerSecond;

        @Option(names = "--endpoints", defaultValue = "100", description = "Simulated endpoints (default: ${DEFAULT-VALUE}).")
        int endpoints;

        @Option(names = "--seconds", defaultValue = "20", description = "Length of the run; the kill comes half way (default: ${DEFAULT-VALUE}).")
        int seconds;

        @Override
        public Integer call() throws Exception {
            return new org.rounds.cli.bench.DbFailoverBench(tapsPerSecond, endpoints, seconds, System.out).run();
        }
    }

    @Command(name = "broker", mixinStandardHelpOptions = true,
            description = {"Broker processes on PostgreSQL driven over loopback: endpoints holding push WebSockets (spread",
                    "over the brokers) and taps at a fixed rate; a tap a broker sheds (503) goes to the next. JSON:",
                    "endpoints held, taps/s, p50/p99 tap latency, errors, heap per endpoint, longest GC pause, shed",
                    "requests, and pgbench running one tap's statements on the same database afterwards (its taps/s",
                    "and pgbenchRatio). With --tenants every endpoint is enrolled and taps over mutual TLS with its own",
                    "certificate, which names its practice; with more than one, three runs at the same load: all in one",
                    "practice, split in the practices (p99VsSingleTenant), and with practice-000 tapping at twice its",
                    "limit in turns of 5 s (practiceAtLimit.othersP99Ratio: the others' p99 while it does against",
                    "while it does not). Without --db a throw-away PostgreSQL cluster is started",
                    "(needs the postgresql package)."})
    static final class BrokerLoad implements Callable<Integer> {
        @Option(names = "--brokers", defaultValue = "1", description = "Broker processes (default: ${DEFAULT-VALUE}).")
        int brokers;

        @Option(names = "--endpoints", description = "Endpoints holding a push channel (default: 20000, or 20 per practice with --tenants).")
        Integer endpoints;

        @Option(names = "--tenants", defaultValue = "0", paramLabel = "N",
                description = "Practices the endpoints are split in, each endpoint enrolled over TLS (default: none, plain HTTP).")
        int tenants;

        // With --tenants every endpoint taps over mutual TLS, and a tap after 30 s idle opens a new connection
        // (a handshake on both sides): 40 taps/s is what this 2-core machine carries that way, 500 is far past it.
        @Option(names = "--taps-per-s", description = "Taps per second (default: 500, or 40 with --tenants).")
        Double tapsPerSecond;

        @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds, after the warm-up (default: ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--warmup", defaultValue = "60", paramLabel = "SECONDS",
                description = "Warm-up first, not measured: the rate rises from a tenth to the full while the brokers' JIT compiles "
                        + "(default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--db", paramLabel = "URL", description = "An empty PostgreSQL database to use: postgresql://user@host:port/db.")
        String db;

        @Override
        public Integer call() throws Exception {
            int n = endpoints != null ? endpoints : tenants > 0 ? 20 * tenants : 20_000;
            double rate = tapsPerSecond != null ? tapsPerSecond : tenants > 0 ? 40 : 500;
            return new org.rounds.cli.bench.BrokerBench(brokers, n, tenants, rate, seconds, db, System.out).warmup(warmup).run();
        }
    }

    @Command(name = "hosts", mixinStandardHelpOptions = true,
            description = {"Desktop hosts as their own tier on this machine's loopback: two brokers (--desktops hosts) and two",
                    "embedded desktop hosts as child processes on one PostgreSQL, enrolled carts in this process. The",
                    "broker that served every tap is killed (SIGKILL), then --runs times the busiest host, then a host is",
                    "drained while the carts tap. JSON: taps, failed taps, desktops lost on the broker kill, host kill to",
                    "new desktop painted (p50/p99, from the next tap and from the kill), failed taps during the drain,",
                    "and the goals. Without --db a throw-away PostgreSQL cluster is started (needs the postgresql package)."})
    static final class Hosts implements Callable<Integer> {
        @Option(names = "--endpoints", defaultValue = "10", description = "Carts, 1..20 (default: ${DEFAULT-VALUE}).")
        int endpoints;

        @Option(names = "--runs", defaultValue = "3", description = "Host kills, 1..20 (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--taps-per-s", description = "Taps per second during the drain, all carts together, at most 4 per cart (default: 2 per cart).")
        Double tapsPerSecond;

        @Option(names = "--drain-seconds", defaultValue = "8", description = "Length of the tapping around the drain, 2..120 (default: ${DEFAULT-VALUE}).")
        int drainSeconds;

        @Option(names = "--db", paramLabel = "URL", description = "An empty PostgreSQL database to use: postgresql://user@host:port/db.")
        String db;

        @Override
        public Integer call() throws Exception {
            return new org.rounds.cli.bench.HostsBench(endpoints, runs, tapsPerSecond != null ? tapsPerSecond : 2.0 * endpoints, drainSeconds, db,
                    System.out).run();
        }
    }

    @Command(name = "console", mixinStandardHelpOptions = true,
            description = {"The IT console's audit page over a large audit trail: a broker on PostgreSQL (a throw-away cluster",
                    "unless --db) filled with --rows audit rows, then a signed-in admin's HTTPS requests to the real console,",
                    "round-robin: the first page, by one user, deep in the keyset, by endpoint and kind, an hour half the",
                    "trail ago. JSON: auditPageMsMedian, auditPageMsP95, rows, goalMs (200), failed, and the same per page."})
    static final class ConsoleAudit implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "1000000", description = "Audit rows, 1000..20000000 (default: ${DEFAULT-VALUE}).")
        int rows;

        @Option(names = "--requests", defaultValue = "300", description = "Timed page requests (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--db", paramLabel = "URL", description = "An empty PostgreSQL database to use: postgresql://user@host:port/db.")
        String db;

        @Override
        public Integer call() throws Exception {
            return new org.rounds.cli.bench.ConsoleBench(rows, requests, db, System.out).run();
        }
    }

    @Command(name = "remote", mixinStandardHelpOptions = true,
            description = {"A doctor outside the hospital, in one process: broker, desktop host and gateway, with a relay adding",
                    "--rtt-ms of round trip in front of the gateway. JSON: sign-in to first frame through the gateway",
                    "(firstFrameMs, median of --runs), the bytes of a typed note through the tunnel against the same desktop",
                    "reached directly (tunnelOverhead), and failed. Goals: first frame within 1 s plus 3 round trips; the",
                    "tunnel adds at most 5 %."})
    static final class Remote implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "5", description = "Sign-ins to time (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--rtt-ms", defaultValue = "40", description = "Round trip the relay adds, in ms (default: ${DEFAULT-VALUE}).")
        int rttMs;

        @Option(names = "--chars", defaultValue = "100", description = "Characters of the typed note (default: ${DEFAULT-VALUE}).")
        int chars;

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return new org.rounds.cli.bench.RemoteBench(runs, rttMs, chars, spec.commandLine().getOut()).run();
        }
    }
}
