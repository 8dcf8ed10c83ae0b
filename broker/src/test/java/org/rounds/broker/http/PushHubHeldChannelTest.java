package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.store.Tenant;
import org.rounds.testpeers.Await;

/**
 * What a held push channel keeps: its WebSocket, not the HTTP exchange that opened it. 20,000
 * held channels are the broker's heap, and the upgrade's request, response, parser and
 * connection (about 3 KB each) were kept for as long as the channel was open. The channel still
 * carries events and acknowledgements, and is forgotten when it closes.
 */
@Tag("unit")
class PushHubHeldChannelTest {
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final List<String> presence = new CopyOnWriteArrayList<>();

    @Test
    void anOpenChannelLetsItsUpgradeRequestGoAndStillCarriesEventsAndAcks() throws Exception {
        PushHub hub = new PushHub(json, new PushHub.Presence() {
            @Override public void opened(PushHub.Channel c) { presence.add("open " + c); }
            @Override public void closed(PushHub.Channel c) { presence.add("closed " + c); }
        });
        List<WeakReference<Object>> upgrades = new CopyOnWriteArrayList<>();
        Javalin app = Javalin.create();
        app.wsBeforeUpgrade("/push/{id}", ctx -> upgrades.add(new WeakReference<>(ctx.req())));
        app.ws("/push/{id}", hub::configure);
        app.start("127.0.0.1", 0);
        OkHttpClient http = new OkHttpClient();
        List<String> heard = new CopyOnWriteArrayList<>();
        try {
            WebSocket socket = http.newWebSocket(new Request.Builder().url("ws://127.0.0.1:" + app.port() + "/push/cart-1").build(),
                    new WebSocketListener() {
                        @Override public void onMessage(WebSocket ws, String text) {
                            heard.add(text);
                            try {
                                ws.send(json.writeValueAsString(new PushAck(json.readValue(text, PushEvent.class).eventId())));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    });
            Await.until(Duration.ofSeconds(10), "cart-1's channel held", () -> hub.connected(Tenant.DEFAULT, "cart-1"));
            Await.until(Duration.ofSeconds(10), "the upgrade's HTTP request collected while the channel stays open", () -> {
                System.gc();
                return upgrades.size() == 1 && upgrades.get(0).get() == null;
            });

            PushEvent moved = new PushEvent.SessionMoved("ev-1", "nurse", "cart-2", 2);
            assertThat(hub.pushAndAwaitAck(Tenant.DEFAULT, "cart-1", moved, Duration.ofSeconds(5))).as("acknowledged").isTrue();
            assertThat(heard).hasSize(1);

            socket.close(1000, "bye");
            Await.until(Duration.ofSeconds(10), "the channel forgotten", () -> !hub.connected(Tenant.DEFAULT, "cart-1"));
            assertThat(presence).containsExactly("open cart-1", "closed cart-1");
        } finally {
            http.dispatcher().executorService().shutdown();
            app.stop();
        }
    }
}
