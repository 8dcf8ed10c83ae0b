package org.rounds.testpeers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL primary with a streaming-replication standby on loopback, commits
 * waiting for the standby ({@code synchronous_standby_names='*'}): what a test needs to fail the
 * database over. {@link #kill()} SIGKILLs the primary's postmaster and every backend, as a crashed
 * machine would go; {@link #promote()} makes the standby the primary. One database, {@code name},
 * exists on both. Skipped (or failed under CI=true) without the postgresql package.
 */
public final class PostgresPair implements AutoCloseable {
    private static final String USER = "postgres";
    /** The role the standby replicates as (trusted from loopback, like every role of a throw-away cluster). */
    static final String REPLICATOR = "replicator";

    private final Path bin;
    private final Path dir;
    private final String database;
    private int primaryPort;
    private int standbyPort;
    private boolean closed;

    private PostgresPair(Path bin, Path dir, String database) {
        this.bin = bin;
        this.dir = dir;
        this.database = database;
    }

    /** Starts the primary, creates {@code database} and the replication role, then starts the standby and waits until it is in sync. */
    public static PostgresPair start(String database) {
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("not a plain database name: " + database);
        PostgresPair pair = new PostgresPair(PostgresServer.findBinDir(), PostgresServer.makeDir(), database);
        REGISTRY.add(pair);
        try {
            pair.startPrimary();
            pair.startStandby();
            return pair;
        } catch (RuntimeException | Error e) {
            pair.close();
            throw e;
        }
    }

    private void startPrimary() {
        Path data = dir.resolve("primary");
        PostgresServer.run(bin, "initdb", List.of("-D", data.toString(), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync"), 60);
        primaryPort = Peers.freePort();
        pgCtlStart(data, primaryPort, "-c wal_level=replica -c max_wal_senders=5", "primary.log");
        psql(primaryPort, "postgres", "CREATE ROLE " + REPLICATOR + " WITH REPLICATION LOGIN");
        PostgresServer.run(bin, "createdb", List.of("-h", dir.toString(), "-p", Integer.toString(primaryPort), "-U", USER, database), 30);
    }

    private void startStandby() {
        Path data = dir.resolve("standby");
        PostgresServer.run(bin, "pg_basebackup", List.of("-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", REPLICATOR,
                "-D", data.toString(), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"), 60);
        standbyPort = Peers.freePort();
        pgCtlStart(data, standbyPort, "-c hot_standby=on", "standby.log");
        // Commits wait for the standby only from now: set earlier, they would wait for one not yet
        // there; set before the copy, the standby (once promoted, alone) would wait for one of its own.
        psql(primaryPort, "postgres", "ALTER SYSTEM SET synchronous_standby_names = '*'");
        psql(primaryPort, "postgres", "SELECT pg_reload_conf()");
        Await.until(Duration.ofSeconds(20), "the standby to replicate in sync with the primary",
                () -> psql(primaryPort, "postgres", "SELECT sync_state FROM pg_stat_replication").contains("sync"));
    }

    private void pgCtlStart(Path data, int port, String extra, String log) {
        // fsync off: a SIGKILLed postgres loses nothing the kernel holds; only a machine crash would
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off " + extra;
        PostgresServer.run(bin, "pg_ctl", List.of("-D", data.toString(), "-o", options, "-l", dir.resolve(log).toString(),
                "-w", "-t", "30", "start"), 40);
    }

    /** {@code jdbc:postgresql://127.0.0.1:P,127.0.0.1:S/DB?targetServerType=primary}: what brokers given both are given. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort + "/" + database + "?targetServerType=primary";
    }

    /** The JDBC URL of the primary alone (before {@link #promote()}) or the standby alone. */
    public String jdbcUrl(boolean primary) {
        return "jdbc:postgresql://127.0.0.1:" + (primary ? primaryPort : standbyPort) + "/" + database;
    }

    public String user() {
        return USER;
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int standbyPort() {
        return standbyPort;
    }

    /** SIGKILL to the primary's postmaster and all its backends: their clients' sockets close with them. */
    public void kill() {
        Path pidFile = dir.resolve("primary/postmaster.pid");
        try {
            if (!Files.exists(pidFile)) return;
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
                postmaster.destroyForcibly();
                all.forEach(ProcessHandle::destroyForcibly);
                awaitGone(postmaster);
                all.forEach(PostgresPair::awaitGone);
            });
        } catch (IOException | RuntimeException e) {
            throw new PeerStartException("cannot kill the primary: " + e.getMessage());
        }
    }

    private static void awaitGone(ProcessHandle p) {
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // a process that survives SIGKILL for 5 s is the kernel's business
        }
    }

    /** {@code pg_ctl promote -w}: returns once the standby takes writes. */
    public void promote() {
        PostgresServer.run(bin, "pg_ctl", List.of("-D", dir.resolve("standby").toString(), "-w", "-t", "30", "promote"), 40);
    }

    /** Runs {@code sql} with psql on the server at {@code port}; its unaligned output. */
    public String psql(int port, String db, String sql) {
        List<String> args = List.of("-h", dir.toString(), "-p", Integer.toString(port), "-U", USER, "-d", db, "-Atc", sql);
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) cmd.addAll(List.of("runuser", "-u", USER, "--"));
        cmd.add(bin.resolve("psql").toString());
        cmd.addAll(args);
        PeerProcess p = PeerProcess.start("psql", cmd, Map.of("LC_ALL", "C"));
        try {
            if (!p.process().waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new PeerStartException("psql '" + sql + "' on port " + port + " failed: " + p.outputTail());
            }
            return p.outputTail();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerStartException("interrupted running psql");
        } finally {
            p.close();
        }
    }

    /** Stops both servers at once (the killed one may be gone already) and deletes their files. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        REGISTRY.remove(this);
        for (String node : List.of("primary", "standby")) {
            Path data = dir.resolve(node);
            if (!Files.exists(data.resolve("postmaster.pid"))) continue;
            try {
                PostgresServer.run(bin, "pg_ctl", List.of("-D", data.toString(), "-m", "immediate", "-w", "stop"), 30);
            } catch (RuntimeException e) {
                if (node.equals("primary")) kill();
            }
        }
        PostgresServer.deleteTree(dir);
    }

    private static final java.util.Set<PostgresPair> REGISTRY = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(REGISTRY).forEach(PostgresPair::close),
                "test-peers-postgres-pair-shutdown"));
    }

    @Override
    public String toString() {
        return "PostgreSQL primary 127.0.0.1:" + primaryPort + " with standby 127.0.0.1:" + standbyPort;
    }
}
