package org.rounds.roaming.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.PushEvent;

@Tag("unit")
@Timeout(30)
class PushChannelTest {
    static final String MOVED = "{\"event\":\"session-moved\",\"eventId\":\"ev-1\",\"userId\":\"alice\",\"toEndpoint\":\"cart-2\",\"generation\":8}";

    final MockWebServer broker = new MockWebServer();
    final BlockingQueue<String> brokerReceived = new LinkedBlockingQueue<>();
    final BlockingQueue<PushEvent> endpointReceived = new LinkedBlockingQueue<>();
    BrokerClient client;
    PushChannel channel;

    @AfterEach
    void stop() throws IOException {
        if (channel != null) channel.close();
        if (client != null) client.close();
        broker.shutdown();
    }

    @Test
    void deliversPushedEventsAndSendsAcks() throws Exception {
        broker.enqueue(upgrade(ws -> ws.send(MOVED)));
        client = client();

        channel = client.openPush("cart-1", (event, ch) -> {
            endpointReceived.add(event);
            ch.ack(new PushAck(event.eventId()));
        });

        assertThat(endpointReceived.poll(5, TimeUnit.SECONDS))
                .isEqualTo(new PushEvent.SessionMoved("ev-1", "alice", "cart-2", 8));
        assertThat(brokerReceived.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"eventId\":\"ev-1\"}");
        assertThat(broker.takeRequest().getPath()).isEqualTo("/api/v1/endpoints/cart-1/push");
    }

    /** The catch-up names the shown session in the query and proves it with its token in a header, never in the URL. */
    @Test
    void theCatchUpSendsTheSessionsTokenInAHeaderAndNotInTheUrl() throws Exception {
        broker.enqueue(upgrade(ws -> ws.send(MOVED)));
        client = client();

        channel = client.openPush("cart-1", new PushListener() {
            @Override public void onPush(PushEvent event, PushChannel ch) { endpointReceived.add(event); }

            @Override public java.util.Map<String, String> catchUp() {
                return java.util.Map.of("user", "alice", "generation", "7", org.rounds.broker.api.BrokerApi.CATCH_UP_TOKEN, "tok-7");
            }
        });

        assertThat(endpointReceived.poll(5, TimeUnit.SECONDS)).isNotNull();
        okhttp3.mockwebserver.RecordedRequest open = broker.takeRequest();
        assertThat(open.getRequestUrl().queryParameter("user")).isEqualTo("alice");
        assertThat(open.getRequestUrl().queryParameter("generation")).isEqualTo("7");
        assertThat(open.getHeader(org.rounds.broker.api.BrokerApi.RECONNECT_TOKEN_HEADER)).isEqualTo("tok-7");
        assertThat(open.getPath()).doesNotContain("tok-7");
    }

    @Test
    void skipsAnUnreadableEventAndDeliversTheNext() throws Exception {
        broker.enqueue(upgrade(ws -> {
            ws.send("{\"event\":\"fireworks\",\"eventId\":\"ev-0\"}");
            ws.send(MOVED);
        }));
        client = client();

        channel = client.openPush("cart-1", (event, ch) -> endpointReceived.add(event));

        assertThat(endpointReceived.poll(5, TimeUnit.SECONDS)).extracting(PushEvent::eventId).isEqualTo("ev-1");
        assertThat(endpointReceived.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void whenItsBrokerDiesTheChannelMovesToAnotherBroker() throws Exception {
        MockWebServer second = new MockWebServer();
        try {
            broker.enqueue(upgrade(ws -> ws.close(1001, "broker going away")));
            second.enqueue(upgrade(ws -> ws.send(MOVED)));
            client = BrokerClient.builder().broker(broker.url("/").toString()).broker(second.url("/").toString())
                    .pushBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).probeInterval(Duration.ZERO).build();

            channel = client.openPush("cart-1", (event, ch) -> endpointReceived.add(event));

            assertThat(endpointReceived.poll(5, TimeUnit.SECONDS)).extracting(PushEvent::eventId).isEqualTo("ev-1");
            assertThat(broker.getRequestCount()).isEqualTo(1);
            assertThat(second.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/api/v1/endpoints/cart-1/push");
        } finally {
            if (channel != null) channel.close();
            second.shutdown();
        }
    }

    @Test
    void reconnectsWhenTheBrokerDropsTheChannel() throws Exception {
        BlockingQueue<String> lifecycle = new LinkedBlockingQueue<>();
        broker.enqueue(upgrade(ws -> ws.close(1001, "broker restarting")));
        broker.enqueue(new MockResponse().setResponseCode(503)); // still down on the first retry
        broker.enqueue(upgrade(ws -> ws.send(MOVED)));
        client = client();

        channel = client.openPush("cart-1", new PushListener() {
            @Override
            public void onPush(PushEvent event, PushChannel ch) {
                endpointReceived.add(event);
            }

            @Override
            public void connected(String url) {
                lifecycle.add("connected");
            }

            @Override
            public void disconnected(String reason) {
                lifecycle.add("disconnected: " + reason);
            }
        });

        assertThat(endpointReceived.poll(10, TimeUnit.SECONDS)).extracting(PushEvent::eventId).isEqualTo("ev-1");
        assertThat(broker.getRequestCount()).isEqualTo(3);
        assertThat(lifecycle).containsExactly("connected",
                "disconnected: broker " + broker.url("/") + " closed the channel (1001 broker restarting)", "connected");
        assertThat(channel.isConnected()).isTrue();
    }

    @Test
    void closeStopsTheChannelAndItsThread() throws Exception {
        broker.enqueue(upgrade(ws -> { }));
        client = client();
        BlockingQueue<String> connected = new LinkedBlockingQueue<>();
        channel = client.openPush("cart-7", new PushListener() {
            @Override
            public void onPush(PushEvent event, PushChannel ch) {
                endpointReceived.add(event);
            }

            @Override
            public void connected(String url) {
                connected.add(url);
            }
        });
        assertThat(connected.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(channel.isConnected()).isTrue();

        channel.close();

        assertThat(channel.isConnected()).isFalse();
        assertThat(channel.ack(new PushAck("ev-9"))).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("rounds-push-cart-7"));
        assertThat(brokerReceived.poll(5, TimeUnit.SECONDS)).isEqualTo("closed 1000");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(15));
    }

    private BrokerClient client() {
        return BrokerClient.builder().broker(broker.url("/").toString())
                .pushBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).build();
    }

    interface OnOpen {
        void run(WebSocket ws);
    }

    /** A WebSocket upgrade on the broker side that runs {@code onOpen} and records what the endpoint sends. */
    private MockResponse upgrade(OnOpen onOpen) {
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                onOpen.run(ws);
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                brokerReceived.add(text);
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                brokerReceived.add("closed " + code);
                ws.close(1000, null);
            }
        });
    }
}
