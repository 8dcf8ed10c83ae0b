package org.rounds.roaming.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
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
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;

/**
 * A broker list pushed in a profile replaces the client's without a restart: calls go to the new
 * brokers at once, the open push channel leaves the old broker and connects to the new list,
 * and a bad list is refused with one line, keeping the list in use.
 */
@Tag("unit")
@Timeout(30)
class BrokerListReplacementTest {
    static final String MOVED = "{\"event\":\"session-moved\",\"eventId\":\"ev-b\",\"userId\":\"alice\",\"toEndpoint\":\"cart-2\",\"generation\":8}";
    final MockWebServer a = new MockWebServer();
    final MockWebServer b = new MockWebServer();
    final BlockingQueue<String> aHeard = new LinkedBlockingQueue<>();
    final BlockingQueue<PushEvent> pushed = new LinkedBlockingQueue<>();
    BrokerClient client;
    PushChannel channel;

    @AfterEach
    void stop() throws Exception {
        if (channel != null) channel.close();
        if (client != null) client.close();
        a.shutdown();
        b.shutdown();
    }

    private MockResponse upgrade(String send, BlockingQueue<String> heard) {
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override public void onOpen(WebSocket ws, Response response) {
                if (send != null) ws.send(send);
            }

            @Override public void onClosing(WebSocket ws, int code, String reason) {
                heard.add("closed " + code + " " + reason);
                ws.close(1000, null);
            }
        });
    }

    @Test
    void callsAndThePushChannelMoveToTheNewListAtOnce() throws Exception {
        a.enqueue(upgrade(null, aHeard));
        b.enqueue(upgrade(MOVED, new LinkedBlockingQueue<>()));
        b.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"decision\":\"unknown-badge\"}"));
        client = BrokerClient.builder().broker(a.url("/").toString()).pushBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .probeInterval(Duration.ZERO).build();
        channel = client.openPush("cart-1", (event, ch) -> pushed.add(event));
        assertThat(a.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/api/v1/endpoints/cart-1/push");

        assertThat(client.replaceBrokers(List.of(b.url("/").toString()))).isTrue();
        assertThat(client.brokers()).containsExactly(b.url("/").toString());
        assertThat(aHeard.poll(5, TimeUnit.SECONDS)).isEqualTo("closed 1000 broker list replaced");
        assertThat(pushed.poll(5, TimeUnit.SECONDS)).extracting(PushEvent::eventId).isEqualTo("ev-b");
        assertThat(b.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/api/v1/endpoints/cart-1/push");

        assertThat(client.tap(new TapRequest("cart-1", "04AA", "t-1"))).isInstanceOf(TapDecision.UnknownBadge.class);
        assertThat(b.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/api/v1/taps");
        assertThat(a.getRequestCount()).as("nothing more to the old broker").isEqualTo(1);
        assertThat(client.replaceBrokers(List.of(b.url("/").toString()))).as("the same list: nothing to do").isFalse();
    }

    @Test
    void aBadListIsOneLineAndTheListInUseIsKept() {
        client = BrokerClient.builder().broker(a.url("/").toString()).probeInterval(Duration.ZERO).build();
        assertThatThrownBy(() -> client.replaceBrokers(List.of("https://ok:8443", "ftp://nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("broker URL 'ftp://nope' is not an http(s) URL");
        assertThatThrownBy(() -> client.replaceBrokers(List.of())).hasMessage("the broker list is empty: at least one broker is needed");
        assertThat(client.brokers()).containsExactly(a.url("/").toString());
    }
}
