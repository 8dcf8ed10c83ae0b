package org.rounds.cli.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rounds.broker.Broker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rounds broker rotate-key}: a new master key; badges enrolled under earlier keys keep working. */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
        description = {"Makes a new broker key (the key file's first line) and keeps the earlier keys some badge is still under;",
                "each such badge is re-tagged under the new key on its next tap. With --db, makes the key file when it is missing",
                "(moving the old key out of the database). Stop the broker on --data first; restart every broker after --db."})
final class BrokerRotateKeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = BrokerCommand.DEFAULT_DATA, description = "The broker's data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--db", paramLabel = "URL", description = "The brokers' PostgreSQL store instead of --data (needs --key-file).")
    String db;

    @Option(names = "--key-file", paramLabel = "FILE", description = "The key file to rotate (default with --data: its broker.key).")
    Path keyFile;

    @Override
    public Integer call() {
        if (db != null && keyFile == null) throw new IllegalArgumentException("--db needs --key-file F: the key file every broker of the database reads");
        Broker.RotatedKey r = db != null ? Broker.rotateKey(db, keyFile) : Broker.rotateKey(data, keyFile);
        String line = r.made()
                ? "made the broker key file " + r.keyFile() + " (key " + r.keyId() + "); give it to every broker: --key-file or LoadCredential="
                : "rotated the broker key in " + r.keyFile() + ": key " + r.keyId() + " is current; " + r.badgesUnderEarlierKeys()
                        + " badge(s) under " + r.earlierKeysKept() + " earlier key(s) move to it on their next tap"
                        + (db != null ? "; restart every broker of the database with this file" : "");
        spec.commandLine().getOut().println(line);   // ids and counts only: never a key
        return 0;
    }
}
