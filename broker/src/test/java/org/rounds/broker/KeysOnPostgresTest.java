package org.rounds.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.auth.KeyFile;
import org.rounds.broker.auth.MasterKey;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.rounds.testpeers.PostgresServer;

/**
 * Brokers sharing PostgreSQL: a store the old code made keeps its badges with the key file
 * every broker is given, and rotate-key moves the old key out of the database.
 */
@Tag("peer")
@Timeout(120)
class KeysOnPostgresTest {
    private static final String BADGE = "04C7D8E9FA1B80";
    private static PostgresServer pg;
    @TempDir Path dir;
    private final KeysAndStoreTest http = new KeysAndStoreTest();

    @BeforeAll
    static void startPostgres() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    private Broker started(String url, Path keyFile) {
        Broker b = Broker.builder().database(url).keyFile(keyFile).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        b.start();
        return b;
    }

    /** What the code before issue 17 left on PostgreSQL: the badge key in settings, the nurse's badge under it; its URL. */
    private static String oldStore(String name, byte[] oldKey) throws Exception {
        pg.createDatabase(name);
        Flyway.configure().dataSource(pg.jdbcUrl(name), pg.user(), pg.password()).locations("classpath:db/migration").target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(name), pg.user(), pg.password())) {
            KeysAndStoreTest.exec(c, "INSERT INTO settings (setting_name, setting_value) VALUES ('badge-hmac-key', ?)", Base64.getEncoder().encodeToString(oldKey));
            KeysAndStoreTest.exec(c, "INSERT INTO users (id, display_name, created_at) VALUES ('nurse', 'Nurse Amina Diallo', ?)", Timestamp.from(Instant.now()));
            KeysAndStoreTest.exec(c, "INSERT INTO badges (badge_hmac, user_id, enrolled_at) VALUES (?, 'nurse', ?)",
                    KeysAndStoreTest.hmac(oldKey, BADGE), Timestamp.from(Instant.now()));
        }
        return "postgresql://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + pg.port() + "/" + name;
    }

    @Test
    void anOldStoreKeepsItsBadgesAndRotateKeyMovesItsKeyOutOfTheDatabase() throws Exception {
        byte[] oldKey = new byte[32];
        new java.security.SecureRandom().nextBytes(oldKey);
        String url = oldStore("old_store", oldKey);
        Path keyFile = dir.resolve("broker.key");
        KeyFile.create(keyFile);
        String first = KeyFile.read(keyFile).get(0).id();

        try (Broker b = started(url, keyFile)) {
            assertThat(http.tap(b, "cart-1", "t-1")).as("the old key still finds the badge").isEqualTo("connect");
            assertThat(Rows.all(b.database(), "settings")).extracting(r -> r.get("setting_name"))
                    .as("a broker does not rewrite the key file its peers share").contains("badge-hmac-key");
        }

        Broker.RotatedKey r = Broker.rotateKey(url, keyFile);
        assertThat(r.made()).isFalse();
        assertThat(KeyFile.read(keyFile)).extracting(MasterKey::id)
                .as("the badge was re-tagged under the first key on its tap: the legacy key is no longer needed").containsExactly(r.keyId(), first);
        try (Broker b = started(url, keyFile)) {
            assertThat(Rows.all(b.database(), "settings")).extracting(row -> row.get("setting_name")).doesNotContain("badge-hmac-key");
            assertThat(Rows.everything(b.database()).toString()).doesNotContain(Base64.getEncoder().encodeToString(oldKey));
            assertThat(http.tap(b, "cart-2", "t-2")).isEqualTo("connect");
        }
    }

    @Test
    void rotateKeyMakesTheFirstKeyFileOfAnOldStoreWithTheOldKeyInIt() throws Exception {
        byte[] oldKey = new byte[32];
        new java.security.SecureRandom().nextBytes(oldKey);
        String url = oldStore("old_store_2", oldKey);
        Path keyFile = dir.resolve("new.key");

        Broker.RotatedKey r = Broker.rotateKey(url, keyFile);
        assertThat(r.made()).isTrue();
        assertThat(KeyFile.read(keyFile)).extracting(MasterKey::id).containsExactly(r.keyId(), MasterKey.LEGACY_ID);
        try (Broker b = started(url, keyFile)) {
            assertThat(Rows.all(b.database(), "settings")).extracting(row -> row.get("setting_name")).doesNotContain("badge-hmac-key");
            assertThat(http.tap(b, "cart-1", "t-1")).isEqualTo("connect");
        }
    }
}
