package org.rounds.cli.bench;

/** The PostgreSQL database a multi-broker bench runs on: the one given, or a throw-away cluster's. */
final class BenchDatabase {
    private BenchDatabase() {}

    /** What a bench does with the database's URL ({@code postgresql://user@host:port/db}). */
    @FunctionalInterface
    interface Run {
        int on(String dbUrl) throws Exception;
    }

    /**
     * A fresh broker key file (mode 600) for a bench's brokers, which must all read the same one
     * on a shared database; removed when the JVM exits.
     */
    static java.nio.file.Path keyFile() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("rounds-bench-key");
        java.nio.file.Path file = dir.resolve("broker.key");
        org.rounds.broker.auth.KeyFile.create(file);
        dir.toFile().deleteOnExit();
        file.toFile().deleteOnExit();
        return file;
    }

    /** Runs {@code run} on {@code dbUrl}, or when that is null on a fresh cluster removed afterwards. */
    static int with(String dbUrl, String name, Run run) throws Exception {
        if (dbUrl != null) return run.on(dbUrl);
        try (ThrowawayPostgres pg = ThrowawayPostgres.start(name)) {
            return run.on(pg.url(name));
        }
    }
}
