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
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.PushEvent;
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

    /**
     * Finds a session-moved the endpoint missed: (endpoint, user, generation it shows, that
     * session's reconnect token) → the event, if it moved on and the token was the endpoint's.
     */
    interface CatchUp {
        java.util.Optional<PushEvent> missed(String endpointId, String userId, long generation, String token) throws Exception;
    }

    private volatile CatchUp catchUp = (e, u, g, t) -> java.util.Optional.empty();

    /** What an endpoint is sent as soon as its channel opens (its current profile), if anything. */
    interface Greeting {
        java.util.Optional<PushEvent> on(String endpointId) throws Exception;
    }

    private volatile Greeting greeting = e -> java.util.Optional.empty();

    void greeting(Greeting g) {
        this.greeting = g;
    }

    /** Where an endpoint's channel is recorded, so that other brokers on the database can reach it. */
    interface Presence {
        void opened(String endpointId) throws Exception;

        void closed(String endpointId) throws Exception;
    }

    private final Presence presence;

    PushHub(ObjectMapper json, Presence presence) {
        this.json = json;
        this.presence = presence;
    }

    void catchUp(CatchUp c) {
        this.catchUp = c;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setIdleTimeout(Duration.ofMinutes(5));
            WsContext old = byEndpoint.put(ctx.pathParam("id"), ctx);
            if (old != null && old != ctx) old.closeSession(4000, "replaced by a newer push channel");
            log.debug("push channel of {} open", ctx.pathParam("id"));
            record(true, ctx.pathParam("id"));
            try {
                // an endpoint offline during a profile change catches up here
                greeting.on(ctx.pathParam("id")).ifPresent(e -> ctx.send(writeEvent(e)));
            } catch (Exception e) {
                log.warn("push channel of {}: its profile could not be sent: {}", ctx.pathParam("id"), e.getMessage());
            }
            String user = ctx.queryParam("user"), generation = ctx.queryParam("generation");
            String token = ctx.header(org.rounds.broker.api.BrokerApi.RECONNECT_TOKEN_HEADER);
            if (user != null && generation != null && generation.matches("[0-9]{1,18}") && token != null && token.length() <= 128) {
                // the endpoint shows a session: if it moved while this channel was down, say so now
                catchUp.missed(ctx.pathParam("id"), user, Long.parseLong(generation), token)
                        .ifPresent(e -> ctx.send(writeEvent(e)));
            }
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
        ws.onClose(ctx -> closed(ctx));
        ws.onError(ctx -> closed(ctx));
    }

    private void closed(WsContext ctx) {
        if (byEndpoint.remove(ctx.pathParam("id"), ctx)) record(false, ctx.pathParam("id"));
    }

    private void record(boolean open, String endpointId) {
        try {
            if (open) presence.opened(endpointId);
            else presence.closed(endpointId);
        } catch (Exception e) {
            // the channel works on this broker; only a takeover through another broker would miss it
            log.warn("push channel of {} could not be recorded as {}: {}", endpointId, open ? "open" : "closed", e.getMessage());
        }
    }

    private String writeEvent(PushEvent e) {
        try {
            return json.writerFor(PushEvent.class).writeValueAsString(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
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

    /** The endpoints with a channel open on this broker. */
    java.util.Set<String> endpoints() {
        return java.util.Set.copyOf(byEndpoint.keySet());
    }

    /** Closes the endpoint's channel, if open here, with a WebSocket close code and reason. */
    void close(String endpointId, int code, String reason) {
        WsContext ctx = byEndpoint.get(endpointId);
        if (ctx != null) ctx.closeSession(code, reason);
    }

    int count() {
        return byEndpoint.size();
    }

    boolean connected(String endpointId) {
        return byEndpoint.containsKey(endpointId);
    }
}
