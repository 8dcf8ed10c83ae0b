package org.rounds.broker.hosts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.broker.api.HostMessage;

/** One host's open control channel on this broker, and the commands on it that await their Reply. */
final class HostChannel {
    final String host;
    final WsContext ctx;
    private final ObjectMapper json;
    private final Map<String, CompletableFuture<HostMessage.Reply>> awaiting = new ConcurrentHashMap<>();
    private volatile String closedBecause;   // null while open

    HostChannel(String host, WsContext ctx, ObjectMapper json) {
        this.host = host;
        this.ctx = ctx;
        this.json = json;
    }

    /** Sends {@code command}; the future completes with its Reply, or fails at once when the channel closes. */
    CompletableFuture<HostMessage.Reply> send(String id, HostMessage.Command command) {
        CompletableFuture<HostMessage.Reply> reply = new CompletableFuture<>();
        awaiting.put(id, reply);
        String why = closedBecause;
        if (why != null) {
            awaiting.remove(id);
            reply.completeExceptionally(new HostCommandException("the control channel of desktop host " + host + " closed (" + why + ")"));
            return reply;
        }
        try {
            String text = json.writerFor(HostMessage.class).writeValueAsString(command);
            synchronized (this) {   // Jetty takes one blocking send at a time per session
                ctx.send(text);
            }
        } catch (Exception e) {
            awaiting.remove(id);
            reply.completeExceptionally(new HostCommandException("the control channel of desktop host " + host
                    + " closed before it answered (sending failed: " + e.getClass().getSimpleName() + ")"));
        }
        return reply;
    }

    void send(HostMessage message) throws Exception {
        String text = json.writerFor(HostMessage.class).writeValueAsString(message);
        synchronized (this) {
            ctx.send(text);
        }
    }

    /** The host answered {@code reply.id()}; a reply nobody awaits (late, or unknown) is dropped. */
    boolean answered(HostMessage.Reply reply) {
        CompletableFuture<HostMessage.Reply> f = reply.id() == null ? null : awaiting.remove(reply.id());
        return f != null && f.complete(reply);
    }

    void forget(String id) {
        awaiting.remove(id);
    }

    /** The channel closed: every command still awaiting its Reply fails now, with {@code why}. */
    void closed(String why) {
        closedBecause = why;
        for (String id : awaiting.keySet()) {
            CompletableFuture<HostMessage.Reply> f = awaiting.remove(id);
            if (f != null) f.completeExceptionally(new HostCommandException("the control channel of desktop host " + host
                    + " closed before it answered (" + why + ")"));
        }
    }

    boolean open() {
        return closedBecause == null;
    }
}
