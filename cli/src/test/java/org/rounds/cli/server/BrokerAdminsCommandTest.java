package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.BrokerApi;
import org.rounds.cli.Main;
import org.slf4j.LoggerFactory;

/**
 * {@code rounds broker admins add|list|disable} on the store, and the store tools ({@code enroll},
 * {@code users}, {@code kiosk}) through a running broker's admin API with {@code --broker}. Every
 * test ends by checking that nothing the commands printed or logged holds a secret.
 */
@Tag("unit")
@Timeout(120)
@Isolated   // it reads the root logger, which every class writes to
class BrokerAdminsCommandTest {
    private static final String ADMIN_PASSWORD = "admin-password-9f3c1e";
    private static final String USER_PASSWORD = "nurse-password-77ab";
    private static final String BADGE = "04C7D8E9FA1B80";

    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private PrintStream realOut;
    private PrintStream realErr;
    private Path data;

    @BeforeEach
    void capture() throws Exception {
        data = dir.resolve("data");
        realOut = System.out;
        realErr = System.err;
        PrintStream both = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        Files.writeString(dir.resolve("admin-password"), ADMIN_PASSWORD + "\n");
        Files.writeString(dir.resolve("nurse-password"), USER_PASSWORD + "\n");
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        System.setErr(realErr);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String lastOut() {
        String[] lines = out.toString().split("\\R");
        return lines[lines.length - 1];
    }

    private void addAdmin(String name, String role) {
        assertThat(run("broker", "admins", "add", name, "--role", role, "--password-file", dir.resolve("admin-password").toString(),
                "--totp-file", dir.resolve(name + ".otpauth").toString(), "--data", data.toString())).as(err::toString).isZero();
    }

    /** What everything said: the commands' stdout and stderr, the process's console and the log events. */
    private String everythingSaid() {
        StringBuilder all = new StringBuilder(out.toString()).append(err).append(console.toString(StandardCharsets.UTF_8));
        logs.list.forEach(e -> all.append(e.getFormattedMessage()).append('\n'));
        return all.toString();
    }

    private void nothingSaidHoldsASecret() throws Exception {
        String totpSecret = Files.readString(dir.resolve("alice.otpauth")).replaceAll("(?s).*[?&]secret=([A-Z2-7]+).*", "$1");
        assertThat(totpSecret).hasSize(32);
        assertThat(everythingSaid()).doesNotContain(ADMIN_PASSWORD).doesNotContain(USER_PASSWORD).doesNotContain(BADGE)
                .doesNotContain(totpSecret).doesNotContain("otpauth://").doesNotContain("ras_");   // session tokens start ras_
    }

    /** Issue 17's own words: "rounds broker admins add NAME --password-file F [--db URL | --data DIR]" makes the first admin. */
    @Test
    void theFirstAdminNeedsNoRoleAndIsAnAdminButTheNextOneDoes() throws Exception {
        assertThat(run("broker", "admins", "add", "alice", "--password-file", dir.resolve("admin-password").toString(),
                "--totp-file", dir.resolve("alice.otpauth").toString(), "--data", data.toString())).as(err::toString).isZero();
        assertThat(out.toString().strip()).isEqualTo("admin alice added (role admin); TOTP secret written to " + dir.resolve("alice.otpauth"));
        assertThat(run("broker", "admins", "add", "bob", "--password-file", dir.resolve("admin-password").toString(),
                "--totp-file", dir.resolve("bob.otpauth").toString(), "--data", data.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds add: --role is required once the store has an admin: viewer, helpdesk, admin or service");
        assertThat(dir.resolve("bob.otpauth")).doesNotExist();
        nothingSaidHoldsASecret();
    }

    @Test
    void adminsAddWritesTheTotpUriToAPrivateFileAndPrintsNoSecretListAndDisableManageThem() throws Exception {
        addAdmin("alice", "admin");
        Path totp = dir.resolve("alice.otpauth");
        assertThat(out.toString()).isEqualTo("admin alice added (role admin); TOTP secret written to " + totp + System.lineSeparator());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(totp))).isEqualTo("rw-------");
        assertThat(Files.readString(totp)).startsWith("otpauth://totp/Rounds%20broker%3Aalice?secret=");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(Broker.SEAL_KEY_FILE)))).isEqualTo("rw-------");

        assertThat(run("broker", "admins", "add", "alice", "--role", "viewer", "--password-file", dir.resolve("admin-password").toString(),
                "--totp-file", dir.resolve("again.otpauth").toString(), "--data", data.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("rounds add: admin alice already exists; pick another name or disable it first" + System.lineSeparator());
        assertThat(dir.resolve("again.otpauth")).as("no URI file is left for an admin not made").doesNotExist();
        err.getBuffer().setLength(0);
        assertThat(run("broker", "admins", "add", "bob", "--role", "root", "--password-file", dir.resolve("admin-password").toString(),
                "--data", data.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds add: role 'root' is not viewer, helpdesk, admin or service");

        addAdmin("val", "viewer");
        assertThat(run("broker", "admins", "disable", "val", "--data", data.toString())).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("broker", "admins", "list", "--data", data.toString())).isZero();
        assertThat(out.toString().lines()).hasSize(2).satisfies(l -> {
            assertThat(l.get(0)).startsWith("alice\tadmin\t").endsWith("\tenabled");
            assertThat(l.get(1)).startsWith("val\tviewer\t").endsWith("\tdisabled");
        });
        try (StoreAdmin store = Broker.admin(data); var c = store.db().connection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT kind, actor FROM audit WHERE kind LIKE 'admin-%' ORDER BY id")) {
            java.util.List<String> rows = new java.util.ArrayList<>();
            while (rs.next()) rows.add(rs.getString(1) + " by " + rs.getString(2));
            String me = "local:" + System.getProperty("user.name");
            assertThat(rows).as("a tool on the store acts as the local account").containsExactly(
                    "admin-added by " + me, "admin-added by " + me, "admin-disabled by " + me);
        }
        nothingSaidHoldsASecret();
    }

    @Test
    void enrollThroughARunningBrokerMakesABadgeThatTapsToConnectAndTheAuditNamesTheAdmin() throws Exception {
        addAdmin("alice", "helpdesk");   // the bootstrap: in the store, before the broker runs
        try (Broker broker = Broker.builder().dataDir(data).port(0).desktops(new org.rounds.host.EmbeddedDesktopPool()).build()) {
            broker.start();
            String[] login = {"--broker", broker.baseUrl(), "--admin", "alice", "--admin-password-file",
                    dir.resolve("admin-password").toString(), "--totp-file", dir.resolve("alice.otpauth").toString()};
            assertThat(run(concat(new String[] {"broker", "enroll", "--user", "nurse.diallo", "--name", "Nurse Amina Diallo",
                    "--badge", BADGE, "--password-file", dir.resolve("nurse-password").toString()}, login))).as(err::toString).isZero();
            assertThat(lastOut()).isEqualTo("enrolled nurse.diallo (Nurse Amina Diallo), password set");

            HttpClient http = HttpClient.newHttpClient();
            post(http, broker, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
            HttpResponse<String> tap = post(http, broker, BrokerApi.TAPS,
                    "{\"endpointId\":\"cart-1\",\"credential\":\"" + BADGE + "\",\"tapId\":\"t-1\"}");
            assertThat(new ObjectMapper().readTree(tap.body()).path("decision").asText()).as(tap.body()).isEqualTo("connect");

            assertThat(run(concat(new String[] {"broker", "users"}, login))).as(err::toString).isZero();
            assertThat(lastOut()).isEqualTo("nurse.diallo\tNurse Amina Diallo");

            assertThat(run(concat(new String[] {"broker", "kiosk", "--endpoint", "er-kiosk", "--user", "er-reception"}, login))).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("rounds kiosk: the broker refused (403): admin alice is helpdesk; this needs admin or higher"
                    + System.lineSeparator());
            err.getBuffer().setLength(0);

            assertThat(run("broker", "users", "--broker", broker.baseUrl(), "--admin", "alice", "--admin-password-file",
                    dir.resolve("nurse-password").toString(), "--totp-file", dir.resolve("alice.otpauth").toString())).isEqualTo(1);
            assertThat(err.toString().strip()).isEqualTo(
                    "rounds users: the broker refused (401): wrong admin name, password or TOTP code; check them and try again");

            try (var c = broker.database().connection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT kind, actor FROM audit WHERE user_id = 'nurse.diallo' ORDER BY id")) {
                java.util.List<String> rows = new java.util.ArrayList<>();
                while (rs.next()) rows.add(rs.getString(1) + " by " + rs.getString(2));
                assertThat(rows).startsWith("enroll by alice", "password-set by alice");
            }
        }
        nothingSaidHoldsASecret();
    }

    /** With the broker running on its --data (the store locked), endpoints are added, listed and revoked through its admin API. */
    @Test
    void endpointsAreAddedListedAndRevokedThroughARunningBroker() throws Exception {
        addAdmin("alice", "admin");
        try (Broker broker = Broker.builder().dataDir(data).port(0).desktops(new org.rounds.host.EmbeddedDesktopPool()).build()) {
            broker.start();
            String[] login = {"--broker", broker.baseUrl(), "--admin", "alice", "--admin-password-file",
                    dir.resolve("admin-password").toString(), "--totp-file", dir.resolve("alice.otpauth").toString()};
            assertThat(run(concat(new String[] {"broker", "endpoints", "add", "cart-9", "--kind", "cart", "--location", "Ward 9"}, login)))
                    .as(err::toString).isZero();
            assertThat(lastOut()).matches("enrolment code: [A-Z2-9]{26}");
            assertThat(run(concat(new String[] {"broker", "endpoints", "list"}, login))).as(err::toString).isZero();
            assertThat(lastOut()).isEqualTo("cart-9\tcart\tpending\t0\tWard 9");
            assertThat(run(concat(new String[] {"broker", "endpoints", "revoke", "cart-9"}, login))).as(err::toString).isZero();
            assertThat(lastOut()).isEqualTo("revoked cart-9");
            assertThat(run(concat(new String[] {"broker", "endpoints", "revoke", "cart-8"}, login))).isEqualTo(1);
            assertThat(err.toString().strip()).endsWith("no endpoint cart-8 was added: 'rounds broker endpoints list' shows them");
            try (var c = broker.database().connection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT kind, actor FROM audit WHERE endpoint_id = 'cart-9' ORDER BY id")) {
                java.util.List<String> rows = new java.util.ArrayList<>();
                while (rs.next()) rows.add(rs.getString(1) + " by " + rs.getString(2));
                assertThat(rows).containsExactly("endpoint-added by alice", "endpoint-revoked by alice");
            }
        }
        nothingSaidHoldsASecret();
    }

    @Test
    void theStoreToolsReachTheBrokerCommandsOwnHttpsPortWithItsDevelopmentCa() throws Exception {
        addAdmin("alice", "admin");
        picocli.CommandLine cl = new picocli.CommandLine(new BrokerCommand());
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.parseArgs("--port", "0", "--data", data.toString());
        try (BrokerCommand.Serving serving = cl.<BrokerCommand>getCommand().start()) {
            String url = serving.broker().baseUrl();
            assertThat(url).startsWith("https://");
            String[] login = {"--broker", url, "--broker-ca", data.resolve("tls").resolve("dev-ca.pem").toString(), "--admin", "alice",
                    "--admin-password-file", dir.resolve("admin-password").toString(), "--totp-file", dir.resolve("alice.otpauth").toString()};
            assertThat(run(concat(new String[] {"broker", "kiosk", "--endpoint", "er-kiosk", "--user", "er-reception"}, login)))
                    .as(err::toString).isZero();
            assertThat(lastOut()).isEqualTo("kiosk er-kiosk shows er-reception (er-reception)");
            assertThat(run(concat(new String[] {"broker", "admins", "list"}, login))).as(err::toString).isZero();
            assertThat(lastOut()).startsWith("alice\tadmin\t").endsWith("\tenabled");

            assertThat(run("broker", "users", "--broker", url, "--admin", "alice", "--admin-password-file",
                    dir.resolve("admin-password").toString(), "--totp", "000000")).isEqualTo(1);
            assertThat(err.toString().strip()).as("without --broker-ca the development CA is not trusted")
                    .startsWith("rounds users: cannot reach the broker at " + url + ": ");
        }
        nothingSaidHoldsASecret();
    }

    @Test
    void theStoreToolsSayWhatIsMissingForTheAdminApi() {
        assertThat(run("broker", "users", "--broker", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds users: --broker needs --admin NAME and --admin-password-file FILE");
        err.getBuffer().setLength(0);
        assertThat(run("broker", "users", "--admin", "alice", "--data", data.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "rounds users: --admin, --admin-password-file, --totp, --totp-file and --broker-ca need --broker URL");
    }

    private static HttpResponse<String> post(HttpClient http, Broker b, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
