package org.rounds.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.auth.KeyFile;
import org.rounds.broker.auth.MasterKey;
import org.rounds.broker.store.BadgeTags;

/**
 * {@code rounds broker rotate-key}: a new current key, and of the earlier keys only those some
 * badge is still tagged under (a badge number cannot be re-HMACed without the badge, so each is
 * re-tagged under the new key on its next tap instead). Reconnect tokens of the old key end;
 * sealed decisions still open. The key file is replaced first, then the H2 password follows it:
 * a crash between leaves a store the next open moves on (see {@code Database.h2File}).
 */
final class KeyRotation {
    private KeyRotation() {}

    /** A new key for an open store (the caller holds it alone: the store tools' lock on H2). */
    static Broker.RotatedKey rotate(KeyedStore store) throws SQLException {
        BadgeKey before = store.keys();
        // every practice's badges: a key still holding one of theirs must be kept
        Map<String, Integer> counts = org.rounds.broker.store.Tx.asService(store.db, "rotate-key: counting every practice's badges by key",
                BadgeTags::countByKey);
        int untagged = counts.getOrDefault("", 0);
        List<MasterKey> next = new ArrayList<>();
        next.add(MasterKey.fresh());
        int under = untagged;
        for (MasterKey k : before.keys()) {
            int n = counts.getOrDefault(k.id(), 0);
            if (n > 0 || untagged > 0) next.add(k);   // rows without a key id may be under any key
            under += n;
        }
        KeyFile.write(store.keyFile, next);
        if (store.legacyRowKept()) store.deleteLegacyRow();
        if (store.isH2File()) store.db.setH2Password(next.get(0).storePassword());
        store.rekeyed(BadgeKey.of(next));
        return new Broker.RotatedKey(store.keyFile, next.get(0).id(), false, next.size() - 1, under);
    }

    /** PostgreSQL: makes the key file when there is none yet (moving the old code's key into it), else rotates. */
    static Broker.RotatedKey rotatePostgres(String url, Path keyFile, String where) throws SQLException {
        if (!Files.exists(keyFile)) {
            KeyFile.create(keyFile);
            try (KeyedStore store = KeyedStore.postgres(url, keyFile, where, true)) {
                return new Broker.RotatedKey(keyFile, store.keys().currentId(), true, store.keys().keys().size() - 1, 0);
            }
        }
        try (KeyedStore store = KeyedStore.postgres(url, keyFile, where, false)) {
            return rotate(store);
        }
    }
}
