package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.rounds.broker.Broker;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.store.Tx;
import org.rounds.broker.tls.TlsSettings;

/**
 * {@code rounds bench console}: the console's audit page over a large audit trail. A broker on
 * PostgreSQL (a throw-away cluster unless {@code --db}) gets {@code rows} audit rows in one
 * {@code generate_series} insert, then a signed-in admin's HTTPS requests to the real console are
 * timed, round-robin: the first page, a search by one user, a page deep in the keyset (below the
 * middle id), a search by endpoint and kind, and an hour of the audit half the trail ago. Prints JSON (auditPageMsMedian, auditPageMsP95, rows, goalMs, failed); exit
 * status 0 when the p95 is within the goal and every request was answered 200.
 */
public final class ConsoleBench {
    static final long GOAL_MS = 200;
    private static final String PASSWORD = "bench console password";
    private static final int USERS = 5_000, ENDPOINTS = 800, FILL_BATCH = 50_000;

    private final int rows, requests;
    private final String dbUrl;
    private final PrintStream out;

    public ConsoleBench(int rows, int requests, String dbUrl, PrintStream out) {
        if (rows < 1_000 || rows > 20_000_000) throw new IllegalArgumentException("--rows " + rows + " is outside 1000..20000000");
        if (requests < 3 || requests > 100_000) throw new IllegalArgumentException("--requests " + requests + " is outside 3..100000");
        this.rows = rows;
        this.requests = requests;
        this.dbUrl = dbUrl;
        this.out = out;
    }

    public int run() throws Exception {
        return BenchDatabase.with(dbUrl, "rounds_console", this::run);
    }

    private int run(String url) throws Exception {
        Broker broker = Broker.builder().database(url).keyFile(BenchDatabase.keyFile()).port(0).tls(TlsSettings.devCa())
                .desktops(new BrokerProcess.NoDesktops()).build();
        try {
            broker.start();
            long fillStart = System.nanoTime();
            long[] ids = fill(broker);
            long fillMs = (System.nanoTime() - fillStart) / 1_000_000;
            byte[] secret = Totp.secretOf(broker.admin().addAdmin("bench-viewer", AdminRole.VIEWER, PASSWORD));
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(broker.devCaCertificate().orElseThrow()))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String cookie = signIn(http, broker.baseUrl(), secret);
            long middle = ids[0] + (ids[1] - ids[0]) / 2;
            Instant middleAt = atOf(broker, middle);
            List<String> pages = List.of("/console/audit", "/console/audit?user=user-" + (USERS / 2),
                    "/console/audit?before=" + middle, "/console/audit?endpoint=cart-" + (ENDPOINTS / 2) + "&kind=tap",
                    "/console/audit?from=" + field(middleAt.minusSeconds(3600)) + "&to=" + field(middleAt));
            for (String p : pages) get(http, broker.baseUrl() + p, cookie);   // warm-up: JIT, connection, plans
            long[] nanos = new long[requests];
            Map<String, List<Long>> byPage = new LinkedHashMap<>();
            int failures = 0;
            String firstFailure = null;
            for (int i = 0; i < requests; i++) {
                String p = pages.get(i % pages.size());
                long t0 = System.nanoTime();
                HttpResponse<String> r = get(http, broker.baseUrl() + p, cookie);
                nanos[i] = System.nanoTime() - t0;
                byPage.computeIfAbsent(p.contains("user=") ? "byUser" : p.contains("before=") ? "deepKeyset"
                        : p.contains("endpoint=") ? "byEndpointAndKind" : p.contains("from=") ? "hourLongAgo" : "firstPage",
                        k -> new ArrayList<>()).add(nanos[i]);
                // every search of the rotation matches rows: an empty page would time nothing worth timing
                if (r.statusCode() != 200 || !r.body().contains("<table class=\"grid\" id=\"audit\">")
                        || r.body().contains("No audit row matches this search.")) {
                    failures++;
                    if (firstFailure == null) firstFailure = p + ": HTTP " + r.statusCode() + (r.statusCode() == 200 ? ", no rows" : "");
                }
            }
            Map<String, Double> all = Latencies.summary(nanos);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("rows", rows);
            report.put("fillMs", fillMs);
            report.put("requests", requests);
            report.put("auditPageMsMedian", all.get("p50"));
            report.put("auditPageMsP95", all.get("p95"));
            report.put("auditPageMsMax", all.get("max"));
            Map<String, Object> pagesReport = new LinkedHashMap<>();
            byPage.forEach((k, v) -> pagesReport.put(k, Latencies.summary(v.stream().mapToLong(Long::longValue).toArray())));
            report.put("byPage", pagesReport);
            report.put("goalMs", GOAL_MS);
            report.put("failedRequests", failures);
            if (firstFailure != null) report.put("firstFailure", firstFailure);
            boolean failed = failures > 0 || all.get("p95") > GOAL_MS;
            report.put("failed", failed);
            out.println(new ObjectMapper().writeValueAsString(report));
            return failed ? 1 : 0;
        } finally {
            broker.close();
        }
    }

    /**
     * {@code rows} audit rows, the newest now and one a second before: users, endpoints and kinds
     * spread as a hospital's taps are. Written {@value #FILL_BATCH} rows a statement: the broker's
     * pool gives a statement 15 s. Returns the lowest and highest id written.
     */
    private long[] fill(Broker broker) throws Exception {
        for (int first = 1; first <= rows; first += FILL_BATCH) {
            int from = first, to = Math.min(rows, first + FILL_BATCH - 1);
            Tx.run(broker.database(), c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (at, kind, user_id, endpoint_id, detail, actor) "
                        + "SELECT now() - (? - g) * interval '1 second', (ARRAY['tap','connect','tap-out','logoff','idle-lock','pin'])[1 + g % 6], "
                        + "'user-' || (g % ?), 'cart-' || (g % ?), 'bench row ' || g, NULL FROM generate_series(?, ?) g")) {
                    ps.setInt(1, rows);
                    ps.setInt(2, USERS);
                    ps.setInt(3, ENDPOINTS);
                    ps.setInt(4, from);
                    ps.setInt(5, to);
                    ps.executeUpdate();
                }
                return null;
            });
        }
        return Tx.run(broker.database(), c -> {
            try (PreparedStatement ps = c.prepareStatement("ANALYZE audit")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(id), MAX(id) FROM audit"); var rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        });
    }

    /** When audit row {@code id} was written, as the broker reads it back. */
    private static Instant atOf(Broker broker, long id) throws Exception {
        return Tx.run(broker.database(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT at FROM audit WHERE id = ?")) {
                ps.setLong(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getTimestamp(1).toInstant();
                }
            }
        });
    }

    /** A time as the audit search's form sends it (UTC, to the second). */
    private static String field(Instant t) {
        return java.time.LocalDateTime.ofInstant(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), java.time.ZoneOffset.UTC).toString();
    }

    /** Signs in through the console's own form, as a browser does; returns the session cookie. */
    private static String signIn(HttpClient http, String base, byte[] secret) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/console/signin")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        if (!token.find()) throw new IllegalStateException("the console's sign-in page has no form token");
        String formCookie = cookie(form, "rounds_signin");
        String body = "csrf=" + token.group(1) + "&name=bench-viewer&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "&totp=" + Totp.code(secret, Instant.now()) + "&then=";
        HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create(base + "/console/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "rounds_signin=" + formCookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (in.statusCode() != 303) throw new IllegalStateException("signing in to the console answered " + in.statusCode());
        return "rounds_console=" + cookie(in, "rounds_console");
    }

    private static String cookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .map(c -> c.substring(name.length() + 1).split(";", 2)[0])
                .orElseThrow(() -> new IllegalStateException("the console set no " + name + " cookie"));
    }

    private static HttpResponse<String> get(HttpClient http, String url, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** TLS that trusts the broker's dev CA only. */
    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("rounds-dev-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }
}
