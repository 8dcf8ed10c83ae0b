package org.rounds.cli.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster for one bench run, from the machine's {@code postgresql} package: made
 * under /tmp, listening on a free loopback port with trust authentication, and deleted when the
 * bench ends. PostgreSQL refuses to run as root, so under root it runs as the {@code postgres}
 * user. Not test code: a bench is a user's command, and a missing package is one line saying so.
 */
final class ThrowawayPostgres implements AutoCloseable {
    static final String USER = "postgres";
    private final Path bin;
    private final Path dir;
    private final int port;
    /** Stops the cluster if this JVM is stopped (Ctrl+C) before the bench closes it. */
    private final Thread stopOnExit = new Thread(this::stop, "rounds-bench-postgres-stop");
    /** Stopped once: the hook and the bench's own close may both come (Ctrl+C while a bench ends). */
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    private ThrowawayPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a cluster and creates database {@code name} in it. */
    static ThrowawayPostgres start(String name) throws IOException, InterruptedException {
        Path bin = binDir();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "rounds-bench-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (asRoot()) Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, port);
        Runtime.getRuntime().addShutdownHook(pg.stopOnExit);
        try {
            pg.run("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync");
            pg.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "30",
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
                    "start");
            pg.run("createdb", "-h", dir.toString(), "-p", Integer.toString(port), "-U", USER, name);
            return pg;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** {@code postgresql://postgres@127.0.0.1:PORT/name}. */
    String url(String name) {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook stops the cluster
        }
        stop();
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) return;
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("bench: could not stop the throw-away PostgreSQL in " + dir + ": " + e.getMessage());
        } finally {
            deleteTree(dir);
        }
    }

    /** Removes a throw-away cluster's directory (a leftover under /tmp is harmless). */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // harmless: see above
        }
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        run(bin, dir, tool, args);
    }

    /** Runs PostgreSQL's {@code tool} (as the postgres user when this is root), its output in {@code dir/TOOL.out}; one line when it fails. */
    static void run(Path bin, Path dir, String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asRoot()) cmd.addAll(List.of("runuser", "-u", USER, "--"));
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Path log = dir.resolve(tool + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(tool + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            List<String> out = Files.readAllLines(log);
            throw new IOException(tool + " exited with " + p.exitValue() + ": " + (out.isEmpty() ? "" : out.get(out.size() - 1)));
        }
    }

    static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest /usr/lib/postgresql/N/bin with initdb and pg_ctl. */
    static Path binDir() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> b.getParent().getFileName().toString(),
                                Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())));
                if (found.isPresent()) return found.get();
            }
        }
        throw new IllegalStateException("no PostgreSQL server here to start a throw-away cluster "
                + "(install the postgresql package), or give --db postgresql://user@host:port/db");
    }
}
