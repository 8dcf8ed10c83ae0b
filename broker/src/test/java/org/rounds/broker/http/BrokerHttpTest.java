package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rounds.broker.Broker;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.TapDecision;

/**
 * The REST API as an endpoint sees it: JSON in, JSON out, one-line errors, nothing written on refusal.
 * One broker serves the class (a stop waits out Jetty's 1 s shutdown idle timeout for the client's
 * kept-alive connection, and a start is ~0.3 s: 14 brokers were most of this class's 18 s); the tests
 * that close its database, rate-limit its source or count all its decisions get their own.
 */
@Tag("unit")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerHttpTest {
    static final String BADGE = "0412345678";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Broker broker;

    @BeforeAll
    void start() {
        broker = newBroker(Broker.builder());
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    private static Broker newBroker(Broker.Builder builder) {
        Broker b = builder.inMemory().port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        b.start();
        b.enroll("nurse", "Nurse Amina Diallo", BADGE);
        return b;
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return post(broker, path, body);
    }

    HttpResponse<String> post(Broker b, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(broker, path);
    }

    HttpResponse<String> get(Broker b, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void registerThenTapRoundTripsJson() throws Exception {
        HttpResponse<String> reg = post(BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
        assertThat(reg.statusCode()).isEqualTo(204);
        long tapsBefore = Rows.count(broker.database(), "taps");

        HttpResponse<String> tap = post(BrokerApi.TAPS, "{\"endpointId\":\"cart-1\",\"credential\":\"" + BADGE + "\",\"tapId\":\"t-1\"}");

        assertThat(tap.statusCode()).isEqualTo(200);
        assertThat(tap.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json.readTree(tap.body()).get("decision").asText()).isEqualTo("connect");
        TapDecision d = json.readValue(tap.body(), TapDecision.class);
        assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, c -> {
            assertThat(c.userId()).isEqualTo("nurse");
            assertThat(c.generation()).isEqualTo(1);
            assertThat(c.desktop().password()).isEqualTo("pw1");
        });
        assertThat(tap.body()).doesNotContain(BADGE);
        assertThat(Rows.count(broker.database(), "taps")).isEqualTo(tapsBefore + 1);
    }

    static List<Arguments> badTaps() {
        String big = "x".repeat(70 * 1024);
        return List.of(
                Arguments.of("malformed JSON", "{\"endpointId\": \"cart-1\",", "malformed"),
                Arguments.of("missing field", "{\"endpointId\":\"cart-1\",\"tapId\":\"t-1\"}", "credential"),
                Arguments.of("unknown field", "{\"endpointId\":\"cart-1\",\"credential\":\"" + BADGE + "\",\"tapId\":\"t-1\",\"pin\":\"1234\"}", "pin"),
                Arguments.of("bad endpoint id", "{\"endpointId\":\"cart 1/../x\",\"credential\":\"" + BADGE + "\",\"tapId\":\"t-1\"}", "endpointId"),
                Arguments.of("body over 64 KiB", "{\"endpointId\":\"cart-1\",\"credential\":\"" + big + "\",\"tapId\":\"t-1\"}", "65536"),
                Arguments.of("empty body", "", "empty body"),
                Arguments.of("wrong JSON type", "[1,2,3]", "malformed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTaps")
    void badTapIsRefusedWithOneLineNamingTheProblemAndWritesNothing(String what, String body, String named) throws Exception {
        post(BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
        var before = Rows.everything(broker.database());

        HttpResponse<String> r = post(BrokerApi.TAPS, body);

        assertThat(r.statusCode()).as(what).isIn(400, 413);
        if (r.statusCode() == 413) assertThat(what).isEqualTo("body over 64 KiB");
        ApiError e = json.readValue(r.body(), ApiError.class);
        assertThat(e.error()).as(what).contains(named).doesNotContain("\n").doesNotContain("Exception").doesNotContain(BADGE);
        assertThat(Rows.everything(broker.database())).as(what).isEqualTo(before);
    }

    @Test
    void aMalformedDeadlineHeaderIsRefusedWithOneLineNamingItAndDecidesNothing() throws Exception {
        post(BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
        long taps = Rows.count(broker.database(), "taps");
        for (String bad : List.of("soon", "-5", "0", "1.5")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + BrokerApi.TAPS))
                    .header("Content-Type", "application/json").header(BrokerApi.DEADLINE_HEADER, bad)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"endpointId\":\"cart-1\",\"credential\":\"" + BADGE
                            + "\",\"tapId\":\"dl-" + bad + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(json.readValue(r.body(), ApiError.class).error()).as(bad)
                    .isEqualTo("Rounds-Deadline-Ms must be a whole number of milliseconds from 1 up, not '" + bad + "'");
        }
        assertThat(Rows.count(broker.database(), "taps")).isEqualTo(taps);
    }

    @Test
    void badRegistrationIsRefusedAndWritesNothing() throws Exception {
        var before = Rows.everything(broker.database());

        HttpResponse<String> r = post(BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"toaster\",\"location\":\"Ward 4\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readValue(r.body(), ApiError.class).error()).contains("kind");
        assertThat(Rows.everything(broker.database())).isEqualTo(before);
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        HttpResponse<String> r = get("/api/v1/nope");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json.readValue(r.body(), ApiError.class).error()).contains("/api/v1/nope");
    }

    @Test
    void healthIsLiveAndReadyUntilTheDatabaseGoes() throws Exception {
        try (Broker own = newBroker(Broker.builder())) {
            assertThat(get(own, BrokerApi.HEALTH_LIVE).statusCode()).isEqualTo(200);
            assertThat(get(own, BrokerApi.HEALTH_READY).statusCode()).isEqualTo(200);

            own.database().close();

            // asked at most once a second (Readiness): the probe after that says the database is gone
            org.rounds.testpeers.Await.until(java.time.Duration.ofSeconds(5), "/health/ready to answer 503",
                    () -> get(own, BrokerApi.HEALTH_READY).statusCode() == 503);
            HttpResponse<String> ready = get(own, BrokerApi.HEALTH_READY);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("database");
            assertThat(get(own, BrokerApi.HEALTH_LIVE).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theOpenApiDocumentDescribesEveryPathOfTheApi() throws Exception {
        HttpResponse<String> r = get(BrokerApi.OPENAPI);
        assertThat(r.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        for (java.lang.reflect.Field f : BrokerApi.class.getFields()) {
            if (f.getType() == String.class && ((String) f.get(null)).startsWith("/")) {
                String path = (String) f.get(null);
                boolean described = doc.path("paths").has(path);
                for (var it = doc.path("paths").fieldNames(); it.hasNext() && !described; ) described = it.next().startsWith(path + "/");
                assertThat(described).as("path %s (%s)", path, f.getName()).isTrue();
            }
        }
        // every $ref points at a schema that exists
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("#/components/schemas/(\\w+)").matcher(r.body());
        while (refs.find()) assertThat(doc.path("components").path("schemas").has(refs.group(1))).as(refs.group()).isTrue();
    }

    @Test
    void metricsCountDecisionsByRouteAndKindInPrometheusText() throws Exception {
        try (Broker own = newBroker(Broker.builder())) {   // its counters see only this test's taps
            post(own, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
            post(own, BrokerApi.TAPS, "{\"endpointId\":\"cart-1\",\"credential\":\"0400000000\",\"tapId\":\"t-1\"}");
            post(own, BrokerApi.TAPS, "{\"endpointId\":\"cart-1\",\"credential\":\"0400000001\",\"tapId\":\"t-2\"}");
            assertMetricsCountTwoUnknownBadges(get(own, BrokerApi.METRICS));
        }
    }

    private static void assertMetricsCountTwoUnknownBadges(HttpResponse<String> m) {
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(m.body()).contains("rounds_decisions_total{decision=\"unknown-badge\",route=\"taps\"} 2.0")
                .contains("rounds_decision_seconds_count{route=\"taps\"} 2")
                .contains("rounds_decision_phase_seconds_count{phase=\"work\"} 2")
                .contains("rounds_decision_phase_seconds_count{phase=\"blank\"} 2")
                .contains("rounds_database_up 1.0").contains("rounds_push_channels 0.0")
                .doesNotContain("0400000000");
    }

    /**
     * Was "anEndpointTappingBeyondItsRateGets429AndOthersAreNotSlowed", which keyed the limit on the
     * endpoint id in the body: a caller renaming itself got a fresh bucket. The limit is now the
     * source's (here the address; other sources: {@link SourceLimitsOverHttpTest}).
     */
    @Test
    void aSourceTappingBeyondItsRateGets429WhateverEndpointIdItWrites() throws Exception {
        try (Broker own = newBroker(Broker.builder().tapRateLimit(0.01, 5))) {   // its limit would refuse the other tests' taps
            aSourceTappingBeyondItsRate(own);
        }
    }

    private void aSourceTappingBeyondItsRate(Broker limited) throws Exception {
        post(limited, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
        post(limited, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-2\",\"kind\":\"cart\",\"location\":\"Ward 4\"}");
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> r = post(limited, BrokerApi.TAPS, "{\"endpointId\":\"cart-1\",\"credential\":\"" + BADGE + "\",\"tapId\":\"f-" + i + "\"}");
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                assertThat(r.body()).matches("\\{\"error\":\"too many taps from addr:127\\.0\\.0\\.1; wait (99|100) s and try again\"}");
                assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(v).isIn("99", "100"));
            }
        }
        assertThat(statuses).as("a burst of 5, then one tap per 100 s").containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
        HttpResponse<String> renamed = post(limited, BrokerApi.TAPS, "{\"endpointId\":\"cart-2\",\"credential\":\"" + BADGE + "\",\"tapId\":\"g-1\"}");
        assertThat(renamed.statusCode()).as("another endpoint id from the same source").isEqualTo(429);
        assertThat(Rows.count(limited.database(), "taps")).as("nothing decided for a refused tap").isEqualTo(5);
    }
}
