package org.rounds.broker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.takeover.PushSender;
import org.rounds.roaming.api.PushAck;
import org.rounds.roaming.api.PushEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push channel: one WebSocket per endpoint (the newest wins), events out as JSON,
 * acknowledgements in. {@link #pushAndAwaitAck} is how a takeover waits for the old endpoint
 * to say its screen is blank.
 */
final class PushHub implements PushSender {
    private static final Logger log = LoggerFactory.getLogger(PushHub.class);

    private final ObjectMapper json;
    private final Map<String, WsContext> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> awaitingAck = new ConcurrentHashMap<>();

    PushHub(ObjectMapper json) {
        this.json = json;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setIdleTimeout(Duration.ofMinutes(5));
            WsContext old = byEndpoint.put(ctx.pathParam("id"), ctx);
            if (old != null && old != ctx) old.closeSession(4000, "replaced by a newer push channel");
            log.debug("push channel of {} open", ctx.pathParam("id"));
        });
        ws.onMessage(ctx -> {
            try {
                PushAck ack = json.readValue(ctx.message(), PushAck.class);
                CompletableFuture<Void> f = awaitingAck.remove(ack.eventId());
                if (f != null) f.complete(null);
            } catch (Exception e) {
                log.warn("push channel of {}: unreadable message ignored: {}", ctx.pathParam("id"), e.getMessage());
            }
        });
        ws.onClose(ctx -> byEndpoint.remove(ctx.pathParam("id"), ctx));
        ws.onError(ctx -> byEndpoint.remove(ctx.pathParam("id"), ctx));
    }

    @Override
    public boolean pushAndAwaitAck(String endpointId, PushEvent event, Duration wait) {
        WsContext ctx = byEndpoint.get(endpointId);
        if (ctx == null) return false;
        CompletableFuture<Void> acked = new CompletableFuture<>();
        awaitingAck.put(event.eventId(), acked);
        try {
            ctx.send(json.writerFor(PushEvent.class).writeValueAsString(event));
            acked.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        } finally {
            awaitingAck.remove(event.eventId());
        }
    }

    boolean connected(String endpointId) {
        return byEndpoint.containsKey(endpointId);
    }
}
