package org.rounds.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.auth.KeyFile;
import org.rounds.broker.auth.MasterKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.PrivateFiles;
import org.rounds.broker.store.StoreLock;
import org.rounds.broker.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store opened with the broker's keys, for a running broker and for the store tools alike:
 * H2 under a private data directory (locked, keyed by {@code broker.key}, made on the first
 * start), PostgreSQL with the key file every broker shares, or memory with a key that dies with
 * it. It also moves the key the old code kept in the database ({@code settings.badge-hmac-key})
 * out: into the key file as a {@code legacy} line, then deletes the row.
 */
final class KeyedStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyedStore.class);
    static final String LEGACY_SETTING = "badge-hmac-key";
    static final String DEFAULT_KEY_FILE = "broker.key";

    final Database db;
    final Path keyFile;   // null in memory
    private BadgeKey keys;
    private final StoreLock lock;   // null but for H2 files
    /** The legacy key is only in memory (read from the row, which is still there). */
    private boolean legacyRowKept;

    private KeyedStore(Database db, Path keyFile, BadgeKey keys, StoreLock lock) {
        this.db = db;
        this.keyFile = keyFile;
        this.keys = keys;
        this.lock = lock;
    }

    BadgeKey keys() { return keys; }

    static KeyedStore inMemory(Path keyFile) {
        BadgeKey keys = keyFile == null ? BadgeKey.ephemeral() : BadgeKey.of(KeyFile.read(keyFile));
        return new KeyedStore(Database.inMemory(), keyFile, keys, null);
    }

    /** The H2 store in {@code dir}; {@code inUse} is the line thrown when a broker or tool has it open. */
    static KeyedStore dataDir(Path dir, Path keyFile, String inUse) {
        List<MasterKey> given = keyFile == null ? null : KeyFile.read(keyFile);   // a wrong key file stops before anything is made
        PrivateFiles.directory(dir);
        StoreLock lock = StoreLock.acquire(dir, inUse);
        Database db = null;
        try {
            Path file = keyFile != null ? keyFile : dir.resolve(DEFAULT_KEY_FILE);
            List<MasterKey> keys = given != null ? given : Files.exists(file) ? KeyFile.read(file) : firstKey(dir, file);
            db = Database.h2File(dir, keys.stream().filter(k -> !k.isLegacy()).map(MasterKey::storePassword).toList());
            KeyedStore s = new KeyedStore(db, file, BadgeKey.of(keys), lock);
            s.moveLegacyKey(true);
            PrivateFiles.tighten(dir);
            return s;
        } catch (SQLException | RuntimeException e) {
            if (db != null) db.close();
            lock.close();
            throw e instanceof SQLException sql ? new IllegalStateException("the store in " + dir + ": " + sql.getMessage(), sql)
                    : (RuntimeException) e;
        }
    }

    /**
     * Makes {@code DIR/broker.key} for a new store, or for a store the old code made (its key is
     * still in the database); a store that was made with a key file it has lost must not get a new
     * one, which would leave it unopenable for good.
     */
    private static List<MasterKey> firstKey(Path dir, Path file) {
        if (Files.exists(dir.resolve("broker.mv.db")) && !Database.h2IsTheOldCodes(dir)) {
            throw new IllegalStateException("the store in " + dir + " has lost its key file " + file + "; restore it from the backup");
        }
        return KeyFile.create(file);
    }

    /** The PostgreSQL store named by {@code url}; {@code where} names it without a password. */
    static KeyedStore postgres(String url, Path keyFile, String where, boolean moveLegacyKey) {
        if (keyFile == null) {
            throw new IllegalStateException("a broker on PostgreSQL needs --key-file F, the same file on every broker; make F once with "
                    + "'rounds broker rotate-key --db URL --key-file F'");
        }
        BadgeKey keys = BadgeKey.of(KeyFile.read(keyFile));
        Database db = Database.fromUrl(url);
        try {
            KeyedStore s = new KeyedStore(db, keyFile, keys, null);
            s.moveLegacyKey(moveLegacyKey);
            return s;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new IllegalStateException("the store in " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The old code's key, if the settings row still holds it: written to the key file (when
     * {@code write}) and the row deleted; else kept in memory only, with one line telling the
     * operator to run rotate-key (brokers on PostgreSQL share a key file they must not each rewrite).
     */
    private void moveLegacyKey(boolean write) throws SQLException {
        Optional<String> row = Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM settings WHERE setting_name = ?")) {
                ps.setString(1, LEGACY_SETTING);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
        if (row.isEmpty()) return;
        List<MasterKey> all = new ArrayList<>(keys.keys());
        if (keys.legacy().isEmpty()) all.add(MasterKey.legacyFrom(Base64.getDecoder().decode(row.get())));
        keys = BadgeKey.of(all);
        if (!write) {
            legacyRowKept = true;
            log.warn("the store still holds its old badge key in the database; run 'rounds broker rotate-key --db URL --key-file {}' once, "
                    + "then give that file to every broker", keyFile);
            return;
        }
        try {
            KeyFile.write(keyFile, all);
        } catch (IllegalStateException e) {   // a read-only key file, e.g. a systemd credential
            legacyRowKept = true;
            log.warn("{}; the old badge key stays in the database until 'rounds broker rotate-key' moves it", e.getMessage());
            return;
        }
        deleteLegacyRow();
        log.info("moved the store's old badge key out of the database into {} (as a legacy key)", keyFile);
    }

    /** Whether the old code's key is still in the database (PostgreSQL, until rotate-key moves it). */
    boolean legacyRowKept() { return legacyRowKept; }

    void deleteLegacyRow() throws SQLException {
        Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM settings WHERE setting_name = ?")) {
                ps.setString(1, LEGACY_SETTING);
                return ps.executeUpdate();
            }
        });
        legacyRowKept = false;
    }

    /** After a rotation: the keys now in the key file. */
    void rekeyed(BadgeKey now) { keys = now; }

    /** Whether this is an H2 store under a data directory. */
    boolean isH2File() { return lock != null; }

    @Override
    public void close() {
        db.close();
        if (lock != null) lock.close();
    }
}
