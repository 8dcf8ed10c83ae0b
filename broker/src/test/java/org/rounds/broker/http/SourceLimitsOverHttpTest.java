package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.SocketFactory;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.slf4j.LoggerFactory;

/**
 * Limits by source over real HTTP. Each simulated cart connects from its own loopback address
 * (127.0.0.2, 127.0.0.3, ...: Linux routes all of 127/8 to lo), so the broker sees distinct
 * sources the way it would on a ward network, with no header for anyone to forge.
 */
@Tag("unit")
@Isolated   // it counts SourceGuard's warnings, which other classes' brokers log too
class SourceLimitsOverHttpTest {
    static final String DOCTOR_BADGE = "0477000001";
    static final String NURSE_BADGE = "0412345678";
    private static final MediaType JSON = MediaType.get("application/json");
    private final ObjectMapper json = new ObjectMapper();
    private final Logger guardLog = (Logger) LoggerFactory.getLogger(SourceGuard.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Broker broker;

    record Answer(int status, JsonNode body, String retryAfter) {}

    @BeforeEach
    void start() {
        logged.start();
        guardLog.addAppender(logged);
        broker = Broker.builder().inMemory().port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        broker.enroll("doctor", "Dr. Louis Martin", DOCTOR_BADGE);
        broker.admin().setPassword("doctor", "correct horse battery");
        broker.enroll("nurse", "Nurse Amina Diallo", NURSE_BADGE);
    }

    @AfterEach
    void stop() {
        guardLog.detachAppender(logged);
        broker.close();
    }

    @Test
    void fiftyWrongPasswordsFromOneSourceAre429ButTheDoctorsBadgeAndPasswordStillWorkElsewhere() throws Exception {
        OkHttpClient attacker = from("127.0.0.2");
        register(attacker, "cart-1");
        List<Answer> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            answers.add(post(attacker, BrokerApi.LOGINS, Map.of("endpointId", "cart-1", "userId", "doctor",
                    "password", "guess number " + i, "tapId", "g-" + i)));
        }
        assertThat(answers.get(0).status()).isEqualTo(200);
        assertThat(answers.get(0).body().get("reason").asText()).isEqualTo("wrong user id or password");
        assertThat(answers.get(5).body().get("reason").asText()).as("locked out at this source after five")
                .startsWith("locked out after 5 wrong PINs or passwords");
        long refilled = refills(start, 0.2);
        assertThat(answers.subList(0, (int) (11 + refilled))).as("refused once past the burst of 10 (and refills)")
                .anyMatch(a -> a.status() == 429);
        assertThat(answers).as("all but the burst of 10 and the %d refilled meanwhile", refilled)
                .filteredOn(a -> a.status() == 429).hasSizeGreaterThanOrEqualTo((int) (50 - 10 - refilled)).allSatisfy(a -> {
            assertThat(Integer.parseInt(a.retryAfter())).isBetween(1, 10);
            assertThat(a.body().get("error").asText()).startsWith("too many logins from addr:127.0.0.2; wait ").doesNotContain("\n");
        });

        OkHttpClient cart2 = from("127.0.0.3");
        register(cart2, "cart-2");
        Answer tap = post(cart2, BrokerApi.TAPS, Map.of("endpointId", "cart-2", "credential", DOCTOR_BADGE, "tapId", "t-1"));
        assertThat(tap.status()).isEqualTo(200);
        assertThat(tap.body().get("decision").asText()).as("the doctor's badge on another cart").isEqualTo("connect");

        OkHttpClient cart3 = from("127.0.0.4");
        register(cart3, "cart-3");
        Answer login = post(cart3, BrokerApi.LOGINS, Map.of("endpointId", "cart-3", "userId", "doctor",
                "password", "correct horse battery", "tapId", "l-1"));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().get("decision").asText()).as("the doctor's password from another source").isEqualTo("connect");

        assertThat(Rows.all(broker.database(), "auth_failures")).singleElement().satisfies(r -> {
            assertThat(r.get("user_id")).isEqualTo("doctor");
            assertThat(r.get("source")).isEqualTo("addr:127.0.0.2");
        });
        assertThat(broker.database()).satisfies(db -> assertThat(Rows.all(db, "audit"))
                .filteredOn(r -> "lockout".equals(r.get("kind"))).singleElement()
                .satisfies(r -> assertThat(r.get("detail")).endsWith("from addr:127.0.0.2")));
        assertThat(metrics()).contains("rounds_throttled_total{limit=\"logins\",route=\"logins\"} " + count429(answers) + ".0");
    }

    @Test
    void twoHundredUnknownBadgesFromOneSourceAre429dAuditedCountedAndLoggedOnce() throws Exception {
        OkHttpClient prober = from("127.0.0.5");
        register(prober, "cart-9");
        List<Answer> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            answers.add(post(prober, BrokerApi.TAPS, Map.of("endpointId", "cart-9", "credential", badge(i), "tapId", "u-" + i)));
        }
        long unknown = answers.stream().filter(a -> a.status() == 200).peek(a ->
                assertThat(a.body().get("decision").asText()).isEqualTo("unknown-badge")).count();
        assertThat(unknown).as("the unknown-badge burst of 10, and the tokens refilled meanwhile").isBetween(10L, 10 + refills(start, 0.1));
        assertThat(answers).filteredOn(a -> a.status() == 429).hasSize(200 - (int) unknown).allSatisfy(a -> {
            assertThat(Integer.parseInt(a.retryAfter())).isBetween(1, 10);
            assertThat(a.body().get("error").asText()).startsWith("too many unknown badges from addr:127.0.0.5; wait ");
        });
        Answer known = post(prober, BrokerApi.TAPS, Map.of("endpointId", "cart-9", "credential", NURSE_BADGE, "tapId", "k-1"));
        assertThat(known.status()).as("a known badge from the prober waits too, so 429 tells nothing").isEqualTo(429);

        List<Map<String, String>> audit = Rows.all(broker.database(), "audit");
        assertThat(audit).filteredOn(r -> "unknown-badge".equals(r.get("kind"))).hasSize((int) unknown)
                .allSatisfy(r -> assertThat(r.get("detail")).endsWith("from addr:127.0.0.5"));
        assertThat(audit).filteredOn(r -> "unknown-badges-throttled".equals(r.get("kind"))).singleElement()
                .satisfies(r -> assertThat(r.get("detail")).startsWith("taps from addr:127.0.0.5 refused (429) after "));
        String everything = Rows.everything(broker.database()).toString();
        for (int i = 0; i < 200; i++) assertThat(everything).doesNotContain(badge(i));

        assertThat(metrics()).contains("rounds_unknown_badges_total " + unknown + ".0")
                .contains("rounds_throttled_total{limit=\"unknown-badges\",route=\"taps\"} " + (201 - unknown) + ".0");
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).startsWith("source addr:127.0.0.5 passed 20 unknown badges within a minute");
            assertThat(e.getFormattedMessage()).doesNotContain("0499");
        });

        OkHttpClient nurseCart = from("127.0.0.6");
        register(nurseCart, "cart-4");
        assertThat(post(nurseCart, BrokerApi.TAPS, Map.of("endpointId", "cart-4", "credential", NURSE_BADGE, "tapId", "n-1"))
                .body().get("decision").asText()).as("another source taps as usual").isEqualTo("connect");
    }

    @Test
    void aTapStormFromOneSourceNeitherRefusesNorSlowsTapsFromAnother() throws Exception {
        OkHttpClient storm = from("127.0.0.7");
        OkHttpClient ward = from("127.0.0.8");
        register(storm, "cart-a");
        register(ward, "cart-b");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Answer>> stormAnswers = new ArrayList<>();
            long stormStart = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                String id = "s-" + i;
                stormAnswers.add(pool.submit(() -> post(storm, BrokerApi.TAPS,
                        Map.of("endpointId", "cart-a", "credential", DOCTOR_BADGE, "tapId", id))));
            }
            for (int i = 0; i < 8; i++) {
                long start = System.nanoTime();
                Answer a = post(ward, BrokerApi.TAPS, Map.of("endpointId", "cart-b", "credential", NURSE_BADGE, "tapId", "w-" + i));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(a.status()).as("tap %d from the ward", i).isEqualTo(200);
                assertThat(a.body().get("decision").asText()).isIn("connect", "lock");
                assertThat(millis).as("tap %d answered promptly (generous: this machine is shared)", i).isLessThan(5_000);
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : stormAnswers) answers.add(f.get());
            long refilled = refills(stormStart, 5);
            assertThat(count429(answers)).as("the storm meets its limit: all but the burst of 20 and %d refilled", refilled)
                    .isGreaterThanOrEqualTo(200 - 20 - refilled).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The tokens a bucket of {@code perSecond} can have refilled since {@code start}, rounded up. */
    private static long refills(long start, double perSecond) {
        return (long) Math.ceil((System.nanoTime() - start) / 1e9 * perSecond) + 1;
    }

    private static String badge(int i) {
        return String.format("0499%06d", i);
    }

    private static long count429(List<Answer> answers) {
        return answers.stream().filter(a -> a.status() == 429).count();
    }

    private void register(OkHttpClient client, String endpointId) throws IOException {
        assertThat(post(client, BrokerApi.ENDPOINTS, Map.of("endpointId", endpointId, "kind", "cart", "location", "Ward 4")).status())
                .isEqualTo(204);
    }

    private Answer post(OkHttpClient client, String path, Map<String, String> body) throws IOException {
        Request request = new Request.Builder().url(broker.baseUrl() + path)
                .post(RequestBody.create(json.writeValueAsString(body), JSON)).build();
        try (Response r = client.newCall(request).execute()) {
            String text = r.body() == null ? "" : r.body().string();
            return new Answer(r.code(), text.isEmpty() ? json.nullNode() : json.readTree(text), r.header("Retry-After"));
        }
    }

    private String metrics() throws IOException {
        try (Response r = from("127.0.0.1").newCall(new Request.Builder().url(broker.baseUrl() + BrokerApi.METRICS).build()).execute()) {
            return r.body().string();
        }
    }

    /** A client whose connections leave from {@code localAddress}, so the broker sees that source. */
    static OkHttpClient from(String localAddress) {
        return new OkHttpClient.Builder().socketFactory(new SocketFactory() {
            @Override public Socket createSocket() throws IOException {
                Socket s = new Socket();
                s.bind(new InetSocketAddress(localAddress, 0));
                return s;
            }

            @Override public Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
            }

            @Override public Socket createSocket(String host, int port, InetAddress local, int localPort) {
                throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
            }

            @Override public Socket createSocket(InetAddress host, int port) {
                throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
            }

            @Override public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) {
                throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
            }
        }).build();
    }
}
