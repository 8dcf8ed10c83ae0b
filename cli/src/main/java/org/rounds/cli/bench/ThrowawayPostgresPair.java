package org.rounds.cli.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A PostgreSQL primary and its streaming-replication standby for one bench run, on loopback,
 * commits waiting for the standby (nothing committed is lost when the primary dies). {@link
 * #kill()} SIGKILLs the primary's processes, {@link #promote()} makes the standby the primary.
 * Under root the servers run as the {@code postgres} user; everything is deleted at the end.
 */
final class ThrowawayPostgresPair implements AutoCloseable {
    private static final String USER = ThrowawayPostgres.USER;
    private final Path bin;
    private final Path dir;
    private final int primaryPort;
    private final int standbyPort;
    private final Thread stopOnExit = new Thread(this::stop, "rounds-bench-postgres-pair-stop");
    private final AtomicBoolean stopped = new AtomicBoolean();

    private ThrowawayPostgresPair(Path bin, Path dir, int primaryPort, int standbyPort) {
        this.bin = bin;
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    /** Starts both, with database {@code name}; returns once the standby replicates in sync. */
    static ThrowawayPostgresPair start(String name) throws IOException, InterruptedException {
        Path bin = ThrowawayPostgres.binDir();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "rounds-bench-pg-pair-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (asRoot()) Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER));
        ThrowawayPostgresPair pg = new ThrowawayPostgresPair(bin, dir, freePort(), freePort());
        Runtime.getRuntime().addShutdownHook(pg.stopOnExit);
        try {
            String primary = dir.resolve("primary").toString(), standby = dir.resolve("standby").toString();
            pg.run("initdb", "-D", primary, "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync");
            pg.run("pg_ctl", "-D", primary, "-l", dir.resolve("primary.log").toString(), "-w", "-t", "30", "-o",
                    pg.options(pg.primaryPort) + " -c wal_level=replica -c max_wal_senders=5", "start");
            pg.run("psql", "-h", dir.toString(), "-p", Integer.toString(pg.primaryPort), "-U", USER, "-d", "postgres", "-Atc",
                    "CREATE ROLE replicator WITH REPLICATION LOGIN");
            pg.run("createdb", "-h", dir.toString(), "-p", Integer.toString(pg.primaryPort), "-U", USER, name);
            pg.run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(pg.primaryPort), "-U", "replicator", "-D", standby,
                    "-R", "-X", "stream", "--no-sync", "--checkpoint=fast");
            pg.run("pg_ctl", "-D", standby, "-l", dir.resolve("standby.log").toString(), "-w", "-t", "30", "-o",
                    pg.options(pg.standbyPort) + " -c hot_standby=on", "start");
            // only now: earlier, commits would wait for a standby not yet there
            pg.psql("ALTER SYSTEM SET synchronous_standby_names = '*'");
            pg.psql("SELECT pg_reload_conf()");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!pg.psql("SELECT sync_state FROM pg_stat_replication").contains("sync")) {
                if (System.nanoTime() > end) throw new IOException("the standby did not replicate in sync within 20 s");
                Thread.sleep(100);
            }
            return pg;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    private String options(int port) {
        return "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off";
    }

    /** {@code postgresql://postgres@127.0.0.1:P,127.0.0.1:S/name?targetServerType=primary}: both, for brokers. */
    String url(String name) {
        return "postgresql://" + USER + "@127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort + "/" + name + "?targetServerType=primary";
    }

    /** The standby (the primary once promoted) alone, for reading what it holds. */
    String standbyJdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/" + name;
    }

    /** SIGKILL to the primary's postmaster and every backend, as a crashed machine's would go. */
    void kill() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dir.resolve("primary/postmaster.pid")).get(0).trim());
        ProcessHandle.of(pid).ifPresent(postmaster -> {
            List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
            all.add(0, postmaster);
            all.forEach(ProcessHandle::destroyForcibly);
        });
    }

    /** {@code pg_ctl promote -w}: returns once the standby takes writes. */
    void promote() throws IOException, InterruptedException {
        run("pg_ctl", "-D", dir.resolve("standby").toString(), "-w", "-t", "30", "promote");
    }

    private String psql(String sql) throws IOException, InterruptedException {
        run("psql", "-h", dir.toString(), "-p", Integer.toString(primaryPort), "-U", USER, "-d", "postgres", "-Atc", sql);
        return Files.readString(dir.resolve("psql.out"));
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook stops the servers
        }
        stop();
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) return;
        for (String node : List.of("primary", "standby")) {
            try {
                if (Files.exists(dir.resolve(node + "/postmaster.pid"))) {
                    if (node.equals("primary")) kill();
                    else run("pg_ctl", "-D", dir.resolve(node).toString(), "-m", "immediate", "-w", "stop");
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("bench: could not stop the throw-away PostgreSQL " + node + " in " + dir + ": " + e.getMessage());
            }
        }
        ThrowawayPostgres.deleteTree(dir);
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        ThrowawayPostgres.run(bin, dir, tool, args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean asRoot() {
        return ThrowawayPostgres.asRoot();
    }
}
