package org.rounds.testpeers;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster on a free loopback port (or, with {@link #startOn}, on a
 * {@link TestNetwork}'s bridge address), trust authentication, user {@code postgres}. PostgreSQL refuses to run as root: when the JVM runs as root the server
 * runs as the {@code postgres} user (through {@code runuser}) in a directory it owns.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String USER = "postgres";

    private final Path binDir;
    private final Path dir;
    private final String host;
    private final int port;
    private boolean stopped;

    private PostgresServer(Path binDir, Path dir, String host, int port) {
        this.binDir = binDir;
        this.dir = dir;
        this.host = host;
        this.port = port;
    }

    public static PostgresServer start() {
        return start("127.0.0.1", null);
    }

    /**
     * A cluster for the machines of {@code net}: it listens on the root namespace's bridge address
     * ({@link TestNetwork#rootAddress()}, not loopback) and trusts connections from the network's
     * subnet, so that brokers in the network's namespaces reach it as they would a database machine.
     */
    public static PostgresServer startOn(TestNetwork net) {
        return start(net.rootAddress().getHostAddress(), net.subnet());
    }

    private static PostgresServer start(String listen, String trustedSubnet) {
        Path binDir = findBinDir();
        Path dir = makeDir();
        PeerStartException last = null;
        try {
            run(binDir, "initdb", List.of("-D", dir.resolve("data").toString(), "-A", "trust", "-U", USER,
                    "-E", "UTF8", "--no-sync"), 60);
            if (trustedSubnet != null) trust(dir, trustedSubnet);
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = Peers.freePort();
                PostgresServer server = new PostgresServer(binDir, dir, listen, port);
                String options = "-p " + port + " -k " + dir + " -c listen_addresses=" + listen
                        + " -c fsync=off -c full_page_writes=off -c synchronous_commit=off";
                try {
                    REGISTRY.add(server);
                    run(binDir, "pg_ctl", List.of("-D", dir.resolve("data").toString(), "-o", options,
                            "-l", dir.resolve("server.log").toString(), "-w", "-t", "30", "start"), 40);
                    return server;
                } catch (PeerStartException e) {
                    REGISTRY.remove(server);
                    server.killPostmaster();
                    last = new PeerStartException(e.getMessage() + "\nserver log tail:\n" + tail(dir.resolve("server.log")));
                }
            }
        } catch (RuntimeException | Error e) {
            deleteTree(dir);
            throw e;
        }
        deleteTree(dir);
        throw last;
    }

    /** JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** JDBC URL of another database of this cluster (see {@link #createDatabase}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    /** Empty: the cluster trusts every local connection. */
    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    /** Creates a database with {@code createdb}. */
    public void createDatabase(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier: " + name);
        }
        run(binDir, "createdb", List.of("-h", dir.toString(), "-p", Integer.toString(port), "-U", USER, name), 30);
    }

    /** The role a broker connects as in the tests of practices apart: it owns the tables, and is neither superuser nor BYPASSRLS. */
    public static final String OWNER = "rounds_owner";

    /**
     * Creates a database whose schema {@link #OWNER} owns (the role made when new), so that the
     * broker connecting as it owns the tables it migrates and row-level security holds it, as in
     * a hospital; returns the URL a broker is given ({@code postgresql://rounds_owner@host:port/name}).
     */
    public String createOwnedDatabase(String name) {
        createDatabase(name);
        run(binDir, "psql", List.of("-h", dir.toString(), "-p", Integer.toString(port), "-U", USER, "-d", name, "-v", "ON_ERROR_STOP=1",
                "-c", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + OWNER + "') THEN "
                        + "CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$",
                "-c", "ALTER SCHEMA public OWNER TO " + OWNER), 30);
        return "postgresql://" + OWNER + "@" + host + ":" + port + "/" + name;
    }

    /** Stops the server at once ({@code pg_ctl -m immediate stop}) and deletes its files. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        REGISTRY.remove(this);
        try {
            run(binDir, "pg_ctl", List.of("-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), 30);
        } catch (RuntimeException e) {
            killPostmaster();
        } finally {
            deleteTree(dir);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The address it listens on: 127.0.0.1, or a test network's bridge address ({@link #startOn}). */
    public String host() {
        return host;
    }

    /** Adds a pg_hba.conf line trusting {@code subnet} (a throw-away cluster: trust, as for local connections). */
    private static void trust(Path dir, String subnet) {
        try {
            Files.writeString(dir.resolve("data").resolve("pg_hba.conf"), "host all all " + subnet + " trust\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PeerStartException("cannot trust " + subnet + " in pg_hba.conf: " + e.getMessage());
        }
    }

    /** Last resort: the postmaster's pid is the first line of postmaster.pid. */
    private void killPostmaster() {
        try {
            Path pidFile = dir.resolve("data").resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).ifPresent(PeerProcess::stop);
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing more to try
        }
    }

    private static final java.util.Set<PostgresServer> REGISTRY = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> List.copyOf(REGISTRY).forEach(PostgresServer::stop), "test-peers-postgres-shutdown"));
    }

    static Path findBinDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path best = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(PostgresServer::majorVersion))
                        .orElse(null);
                if (best != null) {
                    return best;
                }
            } catch (IOException ignored) {
                // fall through to PATH
            }
        }
        return Peers.require("initdb", "postgresql").getParent();
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A directory under /tmp (not java.io.tmpdir, which the postgres user may not reach). */
    static Path makeDir() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "rounds-pg-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (runningAsRoot()) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName(USER));
            }
            return dir;
        } catch (IOException e) {
            throw new PeerStartException("cannot prepare a PostgreSQL directory (is the postgres user there?): "
                    + e.getMessage());
        }
    }

    static void run(Path binDir, String tool, List<String> args, int timeoutSeconds) {
        List<String> cmd = new ArrayList<>();
        if (runningAsRoot()) {
            cmd.addAll(List.of(Peers.require("runuser", "util-linux").toString(), "-u", USER, "--"));
        }
        cmd.add(binDir.resolve(tool).toString());
        cmd.addAll(args);
        PeerProcess p = PeerProcess.start(tool, cmd, Map.of("LC_ALL", "C"));
        try {
            if (!p.process().waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new PeerStartException(tool + " did not finish in " + timeoutSeconds + " s; output tail:\n"
                        + p.outputTail());
            }
            if (p.exitValue() != 0) {
                throw new PeerStartException(tool + " exited with " + p.exitValue() + "; output tail:\n" + p.outputTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerStartException("interrupted while running " + tool);
        } finally {
            p.close();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no server log)";
        }
    }

    static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + host + ":" + port;
    }
}
