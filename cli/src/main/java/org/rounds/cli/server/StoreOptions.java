package org.rounds.cli.server;

import java.nio.file.Path;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import picocli.CommandLine.Option;

/**
 * Where a store tool finds the broker's store when it opens it itself: --data (H2), or --db
 * (PostgreSQL) with the --key-file its brokers share. The key that seals admins' TOTP secrets
 * lies beside the key file.
 */
final class StoreOptions {
    @Option(names = "--data", defaultValue = BrokerCommand.DEFAULT_DATA, description = "The broker's data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--db", paramLabel = "URL", description = "The broker's PostgreSQL store instead of --data.")
    String db;

    @Option(names = "--key-file", paramLabel = "FILE", description = "The brokers' key file: required with --db; with --data, "
            + "when it is not the directory's broker.key.")
    Path keyFile;

    StoreAdmin open() {
        return BrokerCommand.admin(data, db, keyFile);
    }
}
