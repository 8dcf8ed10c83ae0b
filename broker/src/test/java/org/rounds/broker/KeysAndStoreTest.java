package org.rounds.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.KeyFile;
import org.rounds.broker.auth.MasterKey;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;

/**
 * Issue 17 §3 and §4 as an administrator sees them on a {@code --data} broker: what its first
 * start leaves on disk and on the network, a store the old code made, rotate-key, and the store
 * tools while a broker runs. Plain HTTP in-process brokers: none of this depends on TLS.
 */
@Tag("unit")
@Isolated   // it counts the listening sockets of the whole process, which other classes' brokers open too
@Timeout(120)
class KeysAndStoreTest {
    private static final String BADGE = "04C7D8E9FA1B80";
    @TempDir Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private static Broker started(Path dir) {
        Broker b = Broker.builder().dataDir(dir).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        b.start();
        return b;
    }

    String post(Broker b, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Registers {@code cart} and taps the nurse's badge there; the decision's name. */
    String tap(Broker b, String cart, String tapId) throws Exception {
        post(b, BrokerApi.ENDPOINTS, "{\"endpointId\":\"" + cart + "\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
        String body = post(b, BrokerApi.TAPS, "{\"endpointId\":\"" + cart + "\",\"credential\":\"" + BADGE + "\",\"tapId\":\"" + tapId + "\"}");
        return json.readTree(body).path("decision").asText(body);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void everythingIsPrivate(Path dir) throws Exception {
        assertThat(mode(dir)).as("the data directory").isEqualTo("rwx------");
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    void theFirstStartLeavesAPrivateDirectoryNoKeyInTheDatabaseAndNoPortButTheBrokers() throws Exception {
        Map<Long, Integer> before = ListeningSockets.ofThisProcess();
        try (Broker b = started(dir)) {
            Map<Long, Integer> opened = ListeningSockets.ofThisProcess();
            opened.keySet().removeAll(before.keySet());
            assertThat(opened.values()).as("listening sockets the start opened: the broker's port only (no H2 TCP server)")
                    .containsExactly(b.port());

            everythingIsPrivate(dir);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).contains("broker.mv.db", "broker.key", "broker.lock");
            }
            List<MasterKey> keys = KeyFile.read(dir.resolve("broker.key"));
            assertThat(keys).hasSize(1);
            String keyText = Files.readString(dir.resolve("broker.key"));
            String secret = keyText.lines().filter(l -> l.startsWith("v1 ")).findFirst().orElseThrow().substring(3);
            List<Map<String, String>> settings = Rows.all(b.database(), "settings");
            assertThat(settings).extracting(r -> r.get("setting_name")).doesNotContain("badge-hmac-key");
            assertThat(Rows.everything(b.database()).toString()).as("the key is nowhere in the database")
                    .doesNotContain(secret).doesNotContain(HexFormat.of().formatHex(Base64.getDecoder().decode(secret)));

            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("broker"), "sa", "").close())
                    .as("H2's old user with no password is gone").isInstanceOf(SQLException.class);
            b.enroll("nurse", "Nurse Amina Diallo", BADGE);
            assertThat(tap(b, "cart-1", "t-1")).as("the store works").isEqualTo("connect");
        }
    }

    @Test
    void aStoreTheOldCodeMadeStillKnowsItsBadgesAndItsKeyLeavesTheDatabase() throws Exception {
        byte[] oldKey = new byte[32];
        new java.security.SecureRandom().nextBytes(oldKey);
        oldStore(dir, oldKey);

        try (Broker b = started(dir)) {
            assertThat(tap(b, "cart-1", "t-1")).isEqualTo("connect");
            assertThat(Rows.all(b.database(), "settings")).extracting(r -> r.get("setting_name")).doesNotContain("badge-hmac-key");
            List<MasterKey> keys = KeyFile.read(dir.resolve("broker.key"));
            assertThat(keys).extracting(MasterKey::id).as("the old key is kept as an earlier key").containsExactly(keys.get(0).id(), "legacy");
            assertThat(Rows.all(b.database(), "badges")).singleElement().satisfies(row -> {
                assertThat(row.get("key_id")).as("re-tagged under the new key by its tap").isEqualTo(keys.get(0).id());
                assertThat(row.get("badge_hmac")).isNotEqualTo(hmac(oldKey, BADGE));
            });
            assertThat(Rows.everything(b.database()).toString()).doesNotContain(Base64.getEncoder().encodeToString(oldKey));
            everythingIsPrivate(dir);
        }
        try (Broker b = started(dir)) {
            assertThat(tap(b, "cart-2", "t-2")).as("and on the next start").isEqualTo("connect");
        }
    }

    /** What the code before issue 17 left: H2 as sa with no password, the key in settings, the badge under it, world-readable. */
    private static void oldStore(Path dir, byte[] key) throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String url = "jdbc:h2:file:" + dir.resolve("broker");
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            exec(c, "INSERT INTO settings (setting_name, setting_value) VALUES ('badge-hmac-key', ?)", Base64.getEncoder().encodeToString(key));
            exec(c, "INSERT INTO users (id, display_name, created_at) VALUES ('nurse', 'Nurse Amina Diallo', ?)", Timestamp.from(Instant.now()));
            exec(c, "INSERT INTO badges (badge_hmac, user_id, enrolled_at) VALUES (?, 'nurse', ?)", hmac(key, BADGE), Timestamp.from(Instant.now()));
        }
        Files.setPosixFilePermissions(dir.resolve("broker.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.executeUpdate();
        }
    }

    static String hmac(byte[] key, String badge) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(badge.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aBadgeEnrolledBeforeRotateKeyStillConnectsAndAFreshStartReadsTheRotatedKey() throws Exception {
        try (Broker b = started(dir)) {
            b.enroll("nurse", "Nurse Amina Diallo", BADGE);
        }
        Path keyFile = dir.resolve("broker.key");
        String first = KeyFile.read(keyFile).get(0).id();

        Broker.RotatedKey r = Broker.rotateKey(dir, null);
        assertThat(r.keyId()).isNotEqualTo(first);
        assertThat(r.badgesUnderEarlierKeys()).isEqualTo(1);
        assertThat(KeyFile.read(keyFile)).extracting(MasterKey::id).containsExactly(r.keyId(), first);
        assertThat(mode(keyFile)).isEqualTo("rw-------");

        try (Broker b = started(dir)) {
            assertThat(tap(b, "cart-1", "t-1")).isEqualTo("connect");
            assertThat(Rows.all(b.database(), "badges")).singleElement()
                    .satisfies(row -> assertThat(row.get("key_id")).as("re-tagged on its tap").isEqualTo(r.keyId()));
        }

        Broker.RotatedKey again = Broker.rotateKey(dir, null);
        assertThat(KeyFile.read(keyFile)).extracting(MasterKey::id).as("the first key had no badge left: dropped")
                .containsExactly(again.keyId(), r.keyId());
        try (Broker b = started(dir)) {
            assertThat(tap(b, "cart-2", "t-2")).isEqualTo("connect");
        }
        KeyFile.write(keyFile, List.of(KeyFile.read(keyFile).get(1)));   // an operator restoring the key before the last rotation
        assertThatThrownBy(() -> started(dir)).as("the store's H2 password follows the current key")
                .hasMessage("the store in " + dir + " does not open with this broker key file; give the key file it was made with");
    }

    @Test
    void aStoreThatLostItsKeyFileGetsNoNewOneButOneLineSayingToRestoreIt() throws Exception {
        try (Broker b = started(dir)) {
            b.enroll("nurse", "Nurse Amina Diallo", BADGE);
        }
        Path keyFile = dir.resolve("broker.key");
        byte[] backup = Files.readAllBytes(keyFile);
        Files.delete(keyFile);
        assertThatThrownBy(() -> started(dir))
                .hasMessage("the store in " + dir + " has lost its key file " + keyFile + "; restore it from the backup");
        assertThat(keyFile).doesNotExist();
        Files.write(keyFile, backup);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        try (Broker b = started(dir)) {
            assertThat(tap(b, "cart-1", "t-1")).isEqualTo("connect");
        }
    }

    @Test
    void whileABrokerRunsOnTheDirectoryTheStoreToolsAndASecondBrokerAreRefusedWithOneLine() throws Exception {
        try (Broker b = started(dir)) {
            String inUse = "the store in " + dir + " is in use by a running broker; use its admin API "
                    + "(--broker URL --broker-ca F --admin NAME --admin-password-file F --totp-file F)";
            assertThatThrownBy(() -> Broker.admin(dir)).isInstanceOf(IllegalStateException.class).hasMessage(inUse);
            assertThatThrownBy(() -> Broker.rotateKey(dir, null)).hasMessage("the store in " + dir
                    + " is in use by a running broker; stop it to rotate its key, then start it again");
            assertThatThrownBy(() -> started(dir)).hasMessage("the store in " + dir
                    + " is in use by another broker or store tool; stop it first, or give this broker its own data directory");
            b.enroll("nurse", "Nurse Amina Diallo", BADGE);
            assertThat(tap(b, "cart-1", "t-1")).as("the running broker is untouched").isEqualTo("connect");
        }
        try (StoreAdmin admin = Broker.admin(dir)) {
            admin.enroll("doctor", "Dr. Louis Martin", "04AABBCCDD");
            assertThat(admin.users()).extracting(u -> u.id()).containsExactly("doctor", "nurse");
        }
    }

    @Test
    void aGroupReadableOrMissingKeyFileStopsTheBrokerWithOneLineNamingIt() throws Exception {
        Path keyFile = Files.createDirectories(dir.resolve("etc")).resolve("broker.key");
        KeyFile.create(keyFile);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r-----"));
        Path data = dir.resolve("data");
        Broker b = Broker.builder().dataDir(data).keyFile(keyFile).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        assertThatThrownBy(b::start).hasMessage("broker key file " + keyFile + " is open to its group or others (rw-r-----); run: chmod 600 " + keyFile);
        assertThat(data).as("nothing made without its key").doesNotExist();

        Path missing = dir.resolve("etc").resolve("none.key");
        assertThatThrownBy(Broker.builder().dataDir(data).keyFile(missing).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build()::start)
                .hasMessageStartingWith("broker key file " + missing + " does not exist;");
        assertThatThrownBy(Broker.builder().database("postgresql://rounds@127.0.0.1:1/rounds").port(0)
                .desktops(new Fakes.Pool(new Fakes.Journal())).build()::start)
                .hasMessage("a broker on PostgreSQL needs --key-file F, the same file on every broker; make F once with "
                        + "'rounds broker rotate-key --db URL --key-file F'");
    }
}
