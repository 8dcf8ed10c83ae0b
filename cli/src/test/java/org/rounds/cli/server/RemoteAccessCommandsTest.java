package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.takeover.Rows;
import org.rounds.cli.Main;

/**
 * {@code rounds broker gateways add|list|revoke} and {@code rounds broker users totp|outside} on
 * the store itself, and through a running broker's admin API by role.
 */
@Tag("unit")
@Timeout(120)
class RemoteAccessCommandsTest {
    @TempDir Path dir;
    private Path data;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void store() {
        data = dir.resolve("data");
        assertThat(run(withStore("broker", "enroll", "--user", "dr.martin", "--name", "Dr. Louis Martin", "--badge", "04D0C70B01")))
                .as(err::toString).isZero();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String[] withStore(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data";
        all[args.length + 1] = data.toString();
        return all;
    }

    @Test
    void gatewaysAddPrintsOneCodeListShowsThemAndRevokeSaysOneLine() throws Exception {
        assertThat(run(withStore("broker", "gateways", "add", "gw-dmz-1"))).as(err::toString).isZero();
        assertThat(out.toString().lines()).singleElement().asString().matches("enrolment code: [A-Z2-9]{26}");
        String code = out.toString().strip().substring("enrolment code: ".length());
        assertThat(run(withStore("broker", "gateways", "add", "gw-dmz-2"))).as(err::toString).isZero();
        assertThat(run(withStore("broker", "gateways", "add", "gw dmz"))).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().endsWith("NAME must be 1..64 characters of A-Z a-z 0-9 . _ : -");

        assertThat(run(withStore("broker", "gateways", "list"))).as(err::toString).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("NAME +STATUS +CERTIFICATES +ADDED");
        assertThat(lines.get(1)).matches("gw-dmz-1 +pending +0 +20[0-9-]+T[0-9:.]+Z");
        assertThat(run(withStore("broker", "gateways", "list", "--json"))).as(err::toString).isZero();
        JsonNode all = new ObjectMapper().readTree(out.toString());
        List<String> keys = new ArrayList<>();
        all.get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("name", "status", "certificates", "createdAt");
        assertThat(all.get(1).path("name").asText()).isEqualTo("gw-dmz-2");

        assertThat(run(withStore("broker", "gateways", "revoke", "gw-dmz-2"))).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly("revoked gw-dmz-2");
        assertThat(run(withStore("broker", "gateways", "revoke", "gw-dmz-2"))).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString()
                .endsWith("no gateway gw-dmz-2 was added (or it is revoked): 'rounds broker gateways list' shows them");
        assertThat(out.toString()).isEmpty();
        try (StoreAdmin store = Broker.admin(data)) {
            assertThat(store.gateways()).extracting(g -> g.name()).containsExactly("gw-dmz-1");
            assertThat(Rows.all(store.db(), "gateways").toString()).doesNotContain(code);
            assertThat(Rows.all(store.db(), "audit")).extracting(r -> r.get("kind") + " by " + r.get("actor"))
                    .contains("gateway-added by local:" + System.getProperty("user.name"), "gateway-revoked by local:" + System.getProperty("user.name"));
        }
    }

    @Test
    void usersTotpPrintsTheUriOnceAndTheStoreKeepsTheSecretSealed() throws Exception {
        assertThat(run(withStore("broker", "users", "totp", "dr.martin"))).as(err::toString).isZero();
        assertThat(out.toString().lines()).singleElement().asString()
                .startsWith("otpauth://totp/Rounds%3Adr.martin?secret=").endsWith("&issuer=Rounds&algorithm=SHA1&digits=6&period=30");
        String uri = out.toString().strip();
        String secret = uri.replaceAll(".*secret=([A-Z2-7]+).*", "$1");
        assertThat(Totp.secretOf(uri)).hasSize(20);
        assertThat(err.toString()).isEmpty();

        assertThat(run(withStore("broker", "users", "totp", "dr.martin"))).as(err::toString).isZero();
        assertThat(out.toString().strip()).as("re-enrolled: a new secret").isNotEqualTo(uri);
        try (StoreAdmin store = Broker.admin(data)) {
            assertThat(Rows.all(store.db(), "user_totp")).singleElement().satisfies(r -> assertThat(r.get("secret")).startsWith("v1:"));
            assertThat(Rows.everything(store.db()).toString()).doesNotContain(secret);
            assertThat(Rows.auditKinds(store.db())).containsSubsequence("totp-enrolled", "totp-enrolled");
        }

        assertThat(run(withStore("broker", "users", "totp", "dr.nobody"))).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString()
                .endsWith("no user dr.nobody: 'rounds broker users' lists them, 'rounds broker enroll' adds one");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void usersOutsideAllowsOrRefusesAndNeedsExactlyOneOfTheTwo() throws Exception {
        try (StoreAdmin store = Broker.admin(data)) {
            assertThat(Rows.all(store.db(), "users")).singleElement().satisfies(r -> assertThat(r.get("outside_allowed")).isEqualTo("FALSE"));
        }
        assertThat(run(withStore("broker", "users", "outside", "dr.martin", "--allow"))).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly("user dr.martin may sign in from outside the hospital, with password and TOTP code");
        try (StoreAdmin store = Broker.admin(data)) {
            assertThat(Rows.all(store.db(), "users")).singleElement().satisfies(r -> assertThat(r.get("outside_allowed")).isEqualTo("TRUE"));
        }
        assertThat(run(withStore("broker", "users", "outside", "dr.martin", "--refuse"))).as(err::toString).isZero();
        assertThat(out.toString().lines()).containsExactly("user dr.martin may not sign in from outside the hospital");
        try (StoreAdmin store = Broker.admin(data)) {
            assertThat(Rows.all(store.db(), "users")).singleElement().satisfies(r -> assertThat(r.get("outside_allowed")).isEqualTo("FALSE"));
            assertThat(Rows.auditKinds(store.db())).containsSubsequence("outside-allowed", "outside-refused");
        }

        assertThat(run(withStore("broker", "users", "outside", "dr.martin"))).as("neither").isEqualTo(2);
        assertThat(run(withStore("broker", "users", "outside", "dr.martin", "--allow", "--refuse"))).as("both").isEqualTo(2);
        assertThat(run(withStore("broker", "users", "outside", "dr.nobody", "--allow"))).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString()
                .endsWith("no user dr.nobody: 'rounds broker users' lists them, 'rounds broker enroll' adds one");

        assertThat(run(withStore("broker", "users"))).as("the list is still there").isZero();
        assertThat(out.toString().lines()).containsExactly("dr.martin\tDr. Louis Martin");
    }

    @Test
    void whileABrokerHoldsTheStoreTheCommandsGoThroughItsAdminApiByRole() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("admin-password"), "admin-password-9f3c1e\n");
        for (String[] admin : new String[][] {{"alice", "admin"}, {"hugo", "helpdesk"}}) {
            assertThat(run(withStore("broker", "admins", "add", admin[0], "--role", admin[1], "--password-file",
                    dir.resolve("admin-password").toString(), "--totp-file", dir.resolve(admin[0] + ".otpauth").toString())))
                    .as(err::toString).isZero();
        }
        try (Broker broker = Broker.builder().dataDir(data).port(0).desktops(new org.rounds.broker.takeover.Fakes.Pool(
                new org.rounds.broker.takeover.Fakes.Journal())).build()) {
            broker.start();
            assertThat(run(withStore("broker", "gateways", "list"))).isEqualTo(1);
            assertThat(err.toString().lines()).singleElement().asString().contains("is in use by a running broker; use its admin API");

            assertThat(run(as(broker, "hugo", "broker", "gateways", "add", "gw-1"))).isEqualTo(1);
            assertThat(err.toString().lines()).singleElement().asString()
                    .endsWith("the broker refused (403): admin hugo is helpdesk; this needs admin or higher");
            assertThat(run(as(broker, "alice", "broker", "gateways", "add", "gw-1"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).singleElement().asString().matches("enrolment code: [A-Z2-9]{26}");
            assertThat(run(as(broker, "hugo", "broker", "gateways", "list", "--json"))).as(err::toString).isZero();
            assertThat(new ObjectMapper().readTree(out.toString()).get(0).path("name").asText()).isEqualTo("gw-1");
            assertThat(run(as(broker, "alice", "broker", "gateways", "revoke", "gw-1"))).as(err::toString).isZero();
            assertThat(run(as(broker, "alice", "broker", "gateways", "revoke", "gw-1"))).isEqualTo(1);

            assertThat(run(as(broker, "hugo", "broker", "users", "totp", "dr.martin"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).singleElement().asString().startsWith("otpauth://totp/Rounds%3Adr.martin?secret=");
            assertThat(run(as(broker, "hugo", "broker", "users", "outside", "dr.martin", "--allow"))).isEqualTo(1);
            assertThat(run(as(broker, "alice", "broker", "users", "outside", "dr.martin", "--allow"))).as(err::toString).isZero();
            assertThat(out.toString().lines()).containsExactly("user dr.martin may sign in from outside the hospital, with password and TOTP code");
            assertThat(run(as(broker, "alice", "broker", "users", "outside", "dr.nobody", "--refuse"))).isEqualTo(1);
            assertThat(err.toString().lines()).singleElement().asString()
                    .endsWith("no user dr.nobody: 'rounds broker users' lists them, 'rounds broker enroll' adds one");

            assertThat(Rows.all(broker.database(), "users")).singleElement().satisfies(r -> assertThat(r.get("outside_allowed")).isEqualTo("TRUE"));
            assertThat(Rows.all(broker.database(), "audit")).extracting(r -> r.get("kind") + " by " + r.get("actor"))
                    .contains("gateway-added by alice", "gateway-revoked by alice", "totp-enrolled by hugo", "outside-allowed by alice");
        }
    }

    private String[] as(Broker broker, String admin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--broker", broker.baseUrl(), "--admin", admin, "--admin-password-file", dir.resolve("admin-password").toString(),
                "--totp-file", dir.resolve(admin + ".otpauth").toString()));
        return all.toArray(String[]::new);
    }
}
