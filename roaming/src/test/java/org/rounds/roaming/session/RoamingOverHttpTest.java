package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.PushChannel;

/**
 * The roam, as the old endpoint sees it, over real HTTP and WebSocket: a tap shows the session,
 * the broker pushes session-moved, and the ack reaches the broker only after the screen was
 * cleared and the viewer closed.
 */
@Tag("unit")
@Timeout(30)
class RoamingOverHttpTest {
    final MockWebServer broker = new MockWebServer();
    final Fakes.CallLog calls = new Fakes.CallLog();
    final BlockingQueue<WebSocket> brokerSockets = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws IOException {
        broker.shutdown();
    }

    @Test
    void aMovedSessionIsClearedAndClosedBeforeTheBrokerHearsTheAck() throws Exception {
        broker.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                brokerSockets.add(ws);
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                calls.add("broker received " + text);
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                ws.close(1000, null);
            }
        }));
        broker.enqueue(new MockResponse().setBody("{\"decision\":\"connect\",\"userId\":\"alice\",\"displayName\":\"A\","
                + "\"generation\":3,\"desktop\":{\"host\":\"10.0.0.5\",\"port\":5901,\"password\":\"p\"}}"));
        BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();

        try (BrokerClient client = BrokerClient.builder().broker(broker.url("/").toString())
                     .pushBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).build();
             RoamingEndpoint endpoint = RoamingEndpoint.builder()
                     .profile(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, "ward 4"))
                     .broker(client).display(new Fakes.FakeDisplay(calls)).screen(new Fakes.FakeScreen(calls))
                     .build();
             PushChannel push = client.openPush("cart-1", endpoint)) {
            endpoint.addListener(t -> {
                calls.add(t.to().toString());
                transitions.add(t);
            });
            WebSocket brokerSide = brokerSockets.poll(5, TimeUnit.SECONDS);
            assertThat(brokerSide).isNotNull();

            endpoint.onEvent(new ReaderEvent.BadgePresented("sim:cart-1",
                    new Credential(Credential.Technology.SIMULATED, null, "0451A2B3C4"), Instant.now()));
            transitions.poll(5, TimeUnit.SECONDS);
            transitions.poll(5, TimeUnit.SECONDS);
            assertThat(transitions.poll(5, TimeUnit.SECONDS).to()).isEqualTo(RoamingState.IN_SESSION);

            brokerSide.send("{\"event\":\"session-moved\",\"eventId\":\"ev-42\",\"userId\":\"alice\","
                    + "\"toEndpoint\":\"cart-2\",\"generation\":4}");

            assertThat(transitions.poll(5, TimeUnit.SECONDS).to()).isEqualTo(RoamingState.LOCKED);
            calls.await("the broker receiving the ack", c -> c.startsWith("broker received"));
            assertThat(push.isConnected()).isTrue();
        }

        assertThat(calls.calls).containsExactly("IDENTIFYING", "CONNECTING", "connect 10.0.0.5:5901", "IN_SESSION",
                "clear", "close 10.0.0.5:5901", "LOCKED", "broker received {\"eventId\":\"ev-42\"}");
    }
}
