package org.rounds.broker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.JettyServerUpgradeRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.takeover.PushSender;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.PushEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push channel: one WebSocket per endpoint (the newest wins), events out as JSON,
 * acknowledgements in. {@link #pushAndAwaitAck} is how a takeover waits for the old endpoint
 * to say its screen is blank. A channel is a practice's endpoint's (the practice its certificate
 * names): two practices' endpoints of the same id hold two channels, and neither hears the other's events.
 *
 * <p>A channel is held as its Jetty {@link Session} alone. Javalin keeps the upgrade's HTTP
 * context as an attribute of the session's upgrade request, and with it Jetty's whole HTTP/1.1
 * exchange (request, response, parser, channel, connection): about 3 KB a channel, for ever.
 * {@link #configure} reads what it needs from it when the channel opens, then lets it go.
 */
final class PushHub implements PushSender {
    private static final Logger log = LoggerFactory.getLogger(PushHub.class);

    /** Whose channel: endpoint {@code endpointId} of practice {@code tenant}. */
    record Channel(Tenant tenant, String endpointId) {
        @Override
        public String toString() {
            return tenant.isDefault() ? endpointId : endpointId + " of practice " + tenant;
        }
    }

    private final ObjectMapper json;
    private final Map<Channel, Session> byEndpoint = new ConcurrentHashMap<>();
    private final Map<Session, Channel> bySession = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> awaitingAck = new ConcurrentHashMap<>();

    /**
     * Finds a session-moved the endpoint missed: (endpoint, user, generation it shows, that
     * session's reconnect token) → the event, if it moved on and the token was the endpoint's.
     */
    interface CatchUp {
        java.util.Optional<PushEvent> missed(Tenant tenant, String endpointId, String userId, long generation, String token) throws Exception;
    }

    private volatile CatchUp catchUp = (p, e, u, g, t) -> java.util.Optional.empty();

    /** What an endpoint is sent as soon as its channel opens (its current profile), if anything. */
    interface Greeting {
        java.util.Optional<PushEvent> on(Tenant tenant, String endpointId) throws Exception;
    }

    private volatile Greeting greeting = (p, e) -> java.util.Optional.empty();

    void greeting(Greeting g) {
        this.greeting = g;
    }

    /** Where an endpoint's channel is recorded, so that other brokers on the database can reach it. */
    interface Presence {
        void opened(Channel channel) throws Exception;

        void closed(Channel channel) throws Exception;
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
            Session session = ctx.session;
            session.setIdleTimeout(Duration.ofMinutes(5));
            Channel channel = channelOf(ctx);
            String user = ctx.queryParam("user"), generation = ctx.queryParam("generation");
            String token = ctx.header(org.rounds.broker.api.BrokerApi.RECONNECT_TOKEN_HEADER);
            forgetUpgrade(session);
            bySession.put(session, channel);
            Session old = byEndpoint.put(channel, session);
            if (old != null && old != session) old.close(4000, "replaced by a newer push channel");
            log.debug("push channel of {} open", channel);
            record(true, channel);
            try {
                // an endpoint offline during a profile change catches up here
                greeting.on(channel.tenant(), channel.endpointId()).ifPresent(e -> send(session, writeEvent(e)));
            } catch (Exception e) {
                log.warn("push channel of {}: its profile could not be sent: {}", channel, e.getMessage());
            }
            if (user != null && generation != null && generation.matches("[0-9]{1,18}") && token != null && token.length() <= 128) {
                // the endpoint shows a session: if it moved while this channel was down, say so now
                catchUp.missed(channel.tenant(), channel.endpointId(), user, Long.parseLong(generation), token)
                        .ifPresent(e -> send(session, writeEvent(e)));
            }
        });
        ws.onMessage(ctx -> {
            try {
                PushAck ack = json.readValue(ctx.message(), PushAck.class);
                CompletableFuture<Void> f = awaitingAck.remove(ack.eventId());
                if (f != null) f.complete(null);
            } catch (Exception e) {
                log.warn("push channel of {}: unreadable message ignored: {}", bySession.get(ctx.session), e.getMessage());
            }
        });
        ws.onClose(ctx -> closed(ctx.session));
        ws.onError(ctx -> closed(ctx.session));
    }

    /** Drops Javalin's upgrade context from the session's upgrade request (see the class comment). */
    private static void forgetUpgrade(Session session) {
        if (session.getUpgradeRequest() instanceof JettyServerUpgradeRequest upgrade) {
            upgrade.getHttpServletRequest().removeAttribute(JAVALIN_UPGRADE_CONTEXT);
        }
    }

    /** Where Javalin 6 keeps a WebSocket's upgrade context ({@code JavalinJettyServlet}). */
    private static final String JAVALIN_UPGRADE_CONTEXT = "javalin-ws-upgrade-context";

    private void closed(Session session) {
        Channel channel = bySession.remove(session);
        if (channel != null && byEndpoint.remove(channel, session)) record(false, channel);
    }

    private static void send(Session session, String text) {
        try {
            session.getRemote().sendString(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The channel's endpoint: the path's id (checked against the certificate before the upgrade),
     * in the practice the certificate names; the default practice on a plain-HTTP broker.
     */
    private static Channel channelOf(WsContext ctx) {
        org.rounds.broker.store.Enrolments.Enrolled who = ctx.attribute(EndpointIdentity.ATTRIBUTE);
        return new Channel(who == null ? Tenant.DEFAULT : who.tenant(), ctx.pathParam("id"));
    }

    private void record(boolean open, Channel channel) {
        try {
            if (open) presence.opened(channel);
            else presence.closed(channel);
        } catch (Exception e) {
            // the channel works on this broker; only a takeover through another broker would miss it
            log.warn("push channel of {} could not be recorded as {}: {}", channel, open ? "open" : "closed", e.getMessage());
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
        return pushAndAwaitAck(Tenant.DEFAULT, endpointId, event, wait);
    }

    @Override
    public boolean pushAndAwaitAck(Tenant tenant, String endpointId, PushEvent event, Duration wait) {
        Session session = byEndpoint.get(new Channel(tenant, endpointId));
        if (session == null) return false;
        CompletableFuture<Void> acked = new CompletableFuture<>();
        awaitingAck.put(event.eventId(), acked);
        try {
            send(session, json.writerFor(PushEvent.class).writeValueAsString(event));
            acked.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        } finally {
            awaitingAck.remove(event.eventId());
        }
    }

    /** The channels open on this broker. */
    java.util.Set<Channel> endpoints() {
        return java.util.Set.copyOf(byEndpoint.keySet());
    }

    /** Closes the channel, if open here, with a WebSocket close code and reason. */
    void close(Channel channel, int code, String reason) {
        Session session = byEndpoint.get(channel);
        if (session != null) session.close(code, reason);
    }

    int count() {
        return byEndpoint.size();
    }

    boolean connected(Tenant tenant, String endpointId) {
        return byEndpoint.containsKey(new Channel(tenant, endpointId));
    }
}
