package org.rounds.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Tx;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;

/** The endpoints, hosts and audit pages over HTTP: enrol and revoke, drain, audit keyset pages and the CSV export. */
@Tag("unit")
class ConsolePagesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir Path dir;
    private Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.builder().dataDir(dir).port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private ConsoleClient signedIn(String name, AdminRole role) throws Exception {
        return ConsoleClient.signedIn(broker, http, name, role, "/console/sessions");
    }

    @Test
    void anAdminEnrolsAnEndpointAndSeesItsCodeOnceThenHelpdeskRevokesIt() throws Exception {
        ConsoleClient admin = signedIn("alice", AdminRole.ADMIN);
        String page = admin.get("/console/endpoints").body();
        HttpResponse<String> added = admin.post("/console/endpoints", Map.of("csrf", ConsoleClient.csrfOf(page), "endpointId", "cart-7",
                "kind", "cart", "location", "Ward 7", "site", ""));
        assertThat(added.statusCode()).isEqualTo(201);
        Matcher code = Pattern.compile("id=\"enrolment-code\">([^<]+)<").matcher(added.body());
        assertThat(code.find()).isTrue();
        assertThat(code.group(1)).hasSizeGreaterThan(10);
        String again = admin.get("/console/endpoints").body();
        assertThat(again).contains("cart-7").contains("code issued").doesNotContain(code.group(1));

        ConsoleClient viewer = signedIn("val", AdminRole.VIEWER);
        String viewers = viewer.get("/console/endpoints").body();
        assertThat(viewers).doesNotContain(">Revoke<").doesNotContain("Enrol endpoint</button>");
        assertThat(viewer.post("/console/endpoints", Map.of("csrf", ConsoleClient.csrfOf(viewers), "endpointId", "x", "kind", "cart"))
                .statusCode()).isEqualTo(403);

        ConsoleClient helpdesk = signedIn("hank", AdminRole.HELPDESK);
        String hanks = helpdesk.get("/console/endpoints").body();
        assertThat(hanks).contains(">Revoke<").doesNotContain("Enrol endpoint</button>");
        HttpResponse<String> revoked = helpdesk.post("/console/endpoints/cart-7/revoke", Map.of("csrf", ConsoleClient.csrfOf(hanks)));
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(helpdesk.get(revoked.headers().firstValue("Location").orElseThrow()).body()).contains("Endpoint cart-7 was revoked");
        assertThat(Rows.all(broker.database(), "audit")).filteredOn(r -> r.get("kind").startsWith("endpoint-"))
                .extracting(r -> r.get("kind") + " by " + r.get("actor")).containsExactly("endpoint-added by alice", "endpoint-revoked by hank");
    }

    @Test
    void theEndpointsPageShowsTheVersionAndReadersAnEndpointReportedAndAMalformedReportIsRefused() throws Exception {
        java.net.http.HttpRequest.Builder register = java.net.http.HttpRequest.newBuilder(java.net.URI.create(broker.baseUrl() + "/api/v1/endpoints"))
                .header("Content-Type", "application/json");
        HttpResponse<String> ok = http.send(register.POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"endpointId\":\"cart-3\",\"kind\":\"cart\",\"location\":\"Ward 3\",\"version\":\"0.1.0\","
                        + "\"readers\":[\"HID OMNIKEY 5427 CK\",\"ACS ACR1252\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
        HttpResponse<String> bad = http.send(register.POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"endpointId\":\"cart-3\",\"kind\":\"cart\",\"readers\":[\"a;b\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"readers must be at most 8 names of 1..100 printable characters without ';'\"}");
        HttpResponse<String> again = http.send(register.POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"endpointId\":\"cart-3\",\"kind\":\"cart\",\"location\":\"Ward 3\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as("an endpoint that does not report them").isEqualTo(204);

        ConsoleClient viewer = signedIn("val", AdminRole.VIEWER);
        String page = viewer.get("/console/endpoints").body();
        assertThat(page).contains("<td>0.1.0</td>").contains("<td>HID OMNIKEY 5427 CK; ACS ACR1252</td>").contains("not enrolled");
        assertThat(page).as("no profile yet: the endpoint keeps its own settings").doesNotContain("/console/profiles/");

        var profiles = new org.rounds.broker.store.Profiles(broker.database());
        var settings = new org.rounds.broker.api.ProfileSettings(3, "lock", true, "both", "en", java.util.List.of(), "");
        profiles.set("default", settings, "alice", java.time.Instant.now());
        assertThat(viewer.get("/console/endpoints").body())
                .contains("<a href=\"/console/profiles/default\">default</a>");
        profiles.set("icu", settings, "alice", java.time.Instant.now());
        profiles.assign("icu", java.util.List.of("cart-3"), "alice", java.time.Instant.now());
        assertThat(viewer.get("/console/endpoints").body())
                .contains("<a href=\"/console/profiles/icu\">icu</a>");
    }

    @Test
    void anAdminDrainsAndUndrainsAHost() throws Exception {
        broker.admin().addHost("host-a", "");
        ConsoleClient admin = signedIn("alice", AdminRole.ADMIN);
        String page = admin.get("/console/hosts").body();
        assertThat(page).contains("host-a").contains("0 of 0").contains(">Drain<");
        HttpResponse<String> drained = admin.post("/console/hosts/host-a/drain", Map.of("csrf", ConsoleClient.csrfOf(page)));
        assertThat(drained.statusCode()).isEqualTo(303);
        assertThat(admin.get(drained.headers().firstValue("Location").orElseThrow()).body()).contains("Host host-a is draining");
        assertThat(Rows.all(broker.database(), "hosts").get(0).get("drained")).isEqualToIgnoringCase("true");
        String after = admin.get("/console/hosts").body();
        assertThat(after).as("host-a never spoke: down, and drained, so undrain is offered").contains(">Undrain<")
                .doesNotContain(">Drain<");
        assertThat(admin.post("/console/hosts/host-a/undrain", Map.of("csrf", ConsoleClient.csrfOf(after))).statusCode()).isEqualTo(303);
        assertThat(Rows.all(broker.database(), "hosts").get(0).get("drained")).isEqualToIgnoringCase("false");
        assertThat(admin.get("/console/hosts").body()).contains(">Drain<");
        ConsoleClient viewer = signedIn("val", AdminRole.VIEWER);
        String viewers = viewer.get("/console/hosts").body();
        assertThat(viewers).doesNotContain(">Drain<");
        assertThat(viewer.post("/console/hosts/host-a/undrain", Map.of("csrf", ConsoleClient.csrfOf(viewers))).statusCode()).isEqualTo(403);
    }

    @Test
    void auditPagesFollowTheKeysetAndTheCsvOfASearchHasTheSameRowsQuotedAsRfc4180Says() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Tx.run(broker.database(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (at, kind, user_id, endpoint_id, detail) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 120; i++) {
                    ps.setTimestamp(1, Timestamp.from(t0.plusSeconds(i)));
                    ps.setString(2, "tap");
                    ps.setString(3, i % 2 == 0 ? "nurse" : "doctor");
                    ps.setString(4, "cart-" + (i % 3));
                    ps.setString(5, "row " + i + ", with \"quotes\"");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        ConsoleClient viewer = signedIn("val", AdminRole.VIEWER);
        List<String> shown = new ArrayList<>();
        String next = "/console/audit?user=nurse&kind=tap";
        int pages = 0;
        while (next != null) {
            String body = viewer.get(next).body();
            Matcher m = Pattern.compile("<td>row (\\d+), with [^<]*</td>").matcher(body);
            while (m.find()) shown.add(m.group(1));
            Matcher n = Pattern.compile("href=\"([^\"]+)\" id=\"next\"").matcher(body);
            next = n.find() ? n.group(1).replace("&amp;", "&") : null;
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(shown).hasSize(60).first().isEqualTo("118");
        assertThat(shown).last().isEqualTo("0");

        HttpResponse<String> csv = viewer.get("/console/audit.csv?user=nurse&kind=tap");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo(AuditCsv.HEADER);
        assertThat(lines).hasSize(61);
        assertThat(lines[1]).endsWith(",tap,nurse,cart-1,,\"row 118, with \"\"quotes\"\"\"");

        HttpResponse<String> bad = viewer.get("/console/audit?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("The start time is not a date and time");
    }
}
