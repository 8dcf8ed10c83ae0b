package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.Broker;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.TapDecision;
import org.rounds.testpeers.Await;

/** The old endpoint hears session-moved over its WebSocket, and the taker waits for it to blank. */
@Tag("unit")
class PushChannelTest {
    static final String BADGE = "0412345678";
    static final MediaType JSON = MediaType.get("application/json");
    private final ObjectMapper json = new ObjectMapper();
    private final OkHttpClient client = new OkHttpClient();
    private final List<String> order = Collections.synchronizedList(new ArrayList<>());
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private Broker broker;
    private WebSocket socket;
    private String cart1Token;   // the reconnect token cart-1 was given with the nurse's generation 1

    @BeforeEach
    void start() throws Exception {
        broker = Broker.builder().inMemory().port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        broker.enroll("nurse", "Nurse Amina Diallo", BADGE);
        for (String ep : List.of("cart-1", "cart-2")) {
            try (Response r = post(BrokerApi.ENDPOINTS, "{\"endpointId\":\"" + ep + "\",\"kind\":\"cart\",\"location\":\"Ward 4\"}")) {
                assertThat(r.code()).isEqualTo(204);
            }
        }
        TapDecision first = tap("cart-1", "t-1");
        assertThat(first).isInstanceOf(TapDecision.Connect.class);
        cart1Token = ((TapDecision.Connect) first).reconnectToken();
    }

    @AfterEach
    void stop() {
        if (socket != null) socket.cancel();
        // Idle kept-alive connections closed first: a stopping broker gives them Jetty's 1 s shutdown idle timeout.
        client.connectionPool().evictAll();
        broker.close();
        client.dispatcher().executorService().shutdown();
    }

    Response post(String path, String body) throws Exception {
        return client.newCall(new Request.Builder().url(broker.baseUrl() + path).post(RequestBody.create(body, JSON)).build()).execute();
    }

    TapDecision tap(String endpoint, String tapId) throws Exception {
        try (Response r = post(BrokerApi.TAPS, "{\"endpointId\":\"" + endpoint + "\",\"credential\":\"" + BADGE + "\",\"tapId\":\"" + tapId + "\"}")) {
            assertThat(r.code()).isEqualTo(200);
            return json.readValue(r.body().string(), TapDecision.class);
        }
    }

    /** Opens cart-1's push channel; {@code ackAfterMs} < 0 means never acknowledge. */
    void openPushChannel(long ackAfterMs) throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        String url = broker.baseUrl().replace("http://", "ws://") + BrokerApi.pushPath("cart-1");
        socket = client.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                open.countDown();
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                received.add(text);
                order.add("pushed");
                if (ackAfterMs < 0) return;
                try {
                    Thread.sleep(ackAfterMs); // kept: a late ack (blanking takes a while) shows the taker waits for it
                    String eventId = json.readTree(text).get("eventId").asText();
                    order.add("acked");
                    ws.send(json.writeValueAsString(new PushAck(eventId)));
                } catch (Exception e) {
                    order.add("ack failed: " + e);
                }
            }
        });
        assertThat(open.await(5, TimeUnit.SECONDS)).as("push channel open").isTrue();
        Await.until(Duration.ofSeconds(5), "the broker to register cart-1's push channel", () -> broker.pushConnected("cart-1"));
    }

    @Test
    void takerIsAnsweredOnlyAfterTheOldEndpointAcknowledged() throws Exception {
        openPushChannel(300);

        TapDecision d = tap("cart-2", "t-2");
        order.add("answered");

        assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(order).containsExactly("pushed", "acked", "answered");
        assertThat(received).hasSize(1);
        JsonNode event = json.readTree(received.get(0));
        assertThat(event.get("event").asText()).isEqualTo("session-moved");
        assertThat(event.get("userId").asText()).isEqualTo("nurse");
        assertThat(event.get("toEndpoint").asText()).isEqualTo("cart-2");
        assertThat(event.get("generation").asLong()).isEqualTo(2);
        assertThat(received.get(0)).doesNotContain(BADGE);
    }

    @Test
    void silentOldEndpointDelaysTheTakerOnlyUntilTheBound() throws Exception {
        openPushChannel(-1);

        long t0 = System.nanoTime();
        TapDecision d = tap("cart-2", "t-2");
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        order.add("answered");

        assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(order).containsExactly("pushed", "answered");
        // Ordering, not speed: the broker did wait for an ack that never came before answering.
        assertThat(waitedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void takeoverOfAnEndpointWithoutPushChannelIsNotDelayedAndStillConnects() throws Exception {
        TapDecision d = tap("cart-2", "t-2");

        assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(order).isEmpty();
    }

    /** A help desk ending the session (the admin API's DELETE, as the console's force log-off) tells the endpoint at once. */
    @Test
    void anAdminEndingTheSessionPushesSessionMovedToTheEndpointThatShowedIt() throws Exception {
        openPushChannel(0);
        byte[] secret = org.rounds.broker.auth.Totp.secretOf(
                broker.admin().addAdmin("hank", org.rounds.broker.auth.AdminRole.HELPDESK, "correct horse battery"));
        String login = json.writeValueAsString(java.util.Map.of("name", "hank", "password", "correct horse battery",
                "totp", org.rounds.broker.auth.Totp.code(secret, java.time.Instant.now())));
        String token;
        try (Response r = post(BrokerApi.ADMIN + "/sessions", login)) {
            assertThat(r.code()).isEqualTo(201);
            token = json.readTree(r.body().string()).get("token").asText();
        }
        try (Response r = client.newCall(new Request.Builder().url(broker.baseUrl() + BrokerApi.ADMIN + "/desktop-sessions/nurse")
                .delete().header("Authorization", "Bearer " + token).build()).execute()) {
            assertThat(r.code()).isEqualTo(204);
        }
        assertThat(order).as("pushed and acknowledged before the admin was answered").containsExactly("pushed", "acked");
        assertThat(json.readValue(received.get(0), org.rounds.broker.api.PushEvent.class)).isInstanceOfSatisfying(
                org.rounds.broker.api.PushEvent.SessionMoved.class, m -> {
                    assertThat(m.userId()).isEqualTo("nurse");
                    assertThat(m.toEndpoint()).as("nowhere: ended").isEmpty();
                    assertThat(m.generation()).isEqualTo(2);
                });
    }

    /** Opens {@code endpoint}'s push channel as an endpoint showing the nurse at {@code generation}; its messages go to the queue. */
    private WebSocket reopen(String endpoint, long generation, String token, java.util.concurrent.BlockingQueue<String> messages) {
        Request.Builder r = new Request.Builder()
                .url(broker.baseUrl().replace("http://", "ws://") + BrokerApi.pushPath(endpoint) + "?user=nurse&generation=" + generation);
        if (token != null) r.header(BrokerApi.RECONNECT_TOKEN_HEADER, token);
        return client.newWebSocket(r.build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket ws, String text) {
                messages.add(text);
            }
        });
    }

    @Test
    void aSessionMovedMissedWhileThePushChannelWasDownIsSentWhenItReopens() throws Exception {
        // cart-1 shows the nurse at generation 1 but its push channel is down while cart-2 takes her over
        assertThat(tap("cart-2", "t-2")).isInstanceOf(TapDecision.Connect.class);
        java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();
        socket = reopen("cart-1", 1, cart1Token, messages);
        String caughtUp = messages.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(caughtUp).as("a session-moved on open").isNotNull();
        assertThat(json.readValue(caughtUp, org.rounds.broker.api.PushEvent.class)).isInstanceOfSatisfying(
                org.rounds.broker.api.PushEvent.SessionMoved.class, m -> {
                    assertThat(m.userId()).isEqualTo("nurse");
                    assertThat(m.toEndpoint()).isEqualTo("cart-2");
                    assertThat(m.generation()).isEqualTo(2);
                });

        // the new owner reopening at the current generation hears nothing
        java.util.concurrent.BlockingQueue<String> none = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocket second = reopen("cart-2", 2, "any", none);
        assertThat(none.poll(700, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
        second.cancel();
    }

    /** Where a user's session went is only for the endpoint that showed it: a channel without that generation's token hears nothing. */
    @Test
    void aChannelWithoutTheSessionsTokenIsNotToldWhereTheUserWent() throws Exception {
        assertThat(tap("cart-2", "t-2")).isInstanceOf(TapDecision.Connect.class);
        java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocket prying = reopen("cart-3", 0, null, heard);
        WebSocket guessing = reopen("cart-1", 1, "not-the-token", heard);
        WebSocket anotherCarts = reopen("cart-3", 1, cart1Token, heard);   // cart-1's token is cart-1's alone
        assertThat(heard.poll(700, java.util.concurrent.TimeUnit.MILLISECONDS)).as("no session-moved to a stranger").isNull();
        for (WebSocket w : List.of(prying, guessing, anotherCarts)) w.cancel();
    }
}
