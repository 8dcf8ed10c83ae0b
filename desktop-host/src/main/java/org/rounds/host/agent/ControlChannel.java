package org.rounds.host.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.HostMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control channel to one broker: a WebSocket to {@code wss://BROKER}{@value
 * BrokerApi#HOST_CONTROL}, opened with the host's certificate. The host says {@link
 * HostMessage.Hello} first and is open once the broker answers {@link HostMessage.Welcome}; then
 * it beats every {@code Welcome.heartbeatMillis} and answers each command with a Reply. A message
 * over {@link HostMessage#MAX_BYTES}, or one it cannot read, closes the channel with one log line.
 */
final class ControlChannel implements WebSocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);
    private static final int MIN_BEAT = 100, MAX_BEAT = 10_000;

    private final URI broker;
    private final ObjectMapper json;
    private final PoolCommands commands;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Supplier<HostMessage.Heartbeat> heartbeat;
    private final CompletableFuture<HostMessage.Welcome> welcomed = new CompletableFuture<>();
    /** Completes with why the channel ended (one line), whichever side ended it. */
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private int partialBytes;
    private volatile WebSocket ws;
    /** When the broker last sent anything (a pong to each heartbeat's ping at least). */
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile ScheduledFuture<?> beats;

    private ControlChannel(URI broker, ObjectMapper json, PoolCommands commands, ExecutorService workers,
                           ScheduledExecutorService timer, Supplier<HostMessage.Heartbeat> heartbeat) {
        this.broker = broker;
        this.json = json;
        this.commands = commands;
        this.workers = workers;
        this.timer = timer;
        this.heartbeat = heartbeat;
    }

    /** The WebSocket address of a broker's control channel, from its --join URL (https or wss). */
    static URI controlUri(URI broker) {
        String scheme = broker.getScheme();
        if (!"https".equals(scheme) && !"wss".equals(scheme))
            throw new HostAgentException("--join " + broker + " is not an https:// broker URL: the control channel needs mutual TLS");
        return URI.create("wss://" + broker.getRawAuthority() + BrokerApi.HOST_CONTROL);
    }

    /**
     * Opens the channel, says hello and waits (at most {@code wait}) for the broker's welcome.
     *
     * @throws Exception whatever stopped it; {@link BrokerFailure#describe} makes it one line
     */
    static ControlChannel open(URI broker, HttpClient client, ObjectMapper json, PoolCommands commands, ExecutorService workers,
                               ScheduledExecutorService timer, HostMessage.Hello hello, Supplier<HostMessage.Heartbeat> heartbeat,
                               Duration wait) throws Exception {
        ControlChannel c = new ControlChannel(broker, json, commands, workers, timer, heartbeat);
        c.ws = client.newWebSocketBuilder().connectTimeout(wait).buildAsync(controlUri(broker), c).get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
        try {
            c.send(hello);
            HostMessage.Welcome w = c.welcomed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            int every = Math.max(MIN_BEAT, Math.min(MAX_BEAT, w.heartbeatMillis()));
            c.beats = timer.scheduleAtFixedRate(c::beat, every, every, TimeUnit.MILLISECONDS);
            return c;
        } catch (Exception e) {
            c.abort("no welcome within " + wait.toMillis() + " ms");
            throw new IllegalStateException(c.ended.getNow("no welcome"), e);   // the first reason: the broker's misstep if it made one
        }
    }

    URI broker() { return broker; }

    /** Completes with the one-line reason once the channel has ended. */
    CompletableFuture<String> ended() { return ended; }

    /** Says goodbye (the host is stopping) and ends the channel. */
    void close() {
        WebSocket w = ws;
        if (w != null && !w.isOutputClosed()) {
            try {
                w.sendClose(WebSocket.NORMAL_CLOSURE, "desktop host stopping").get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // ending anyway
            }
        }
        abort("desktop host stopping");
    }

    private void abort(String why) {
        ScheduledFuture<?> b = beats;
        if (b != null) b.cancel(false);
        WebSocket w = ws;
        if (w != null) w.abort();
        ended.complete(why);   // first: whoever waits for the welcome reads this reason
        welcomed.completeExceptionally(new IllegalStateException(why));
    }

    /**
     * A heartbeat and a ping; a broker that has answered nothing, not even a pong, for {@link
     * HostMessage#DOWN_AFTER_MILLIS} is gone (its machine, or the link to it), though no socket said so.
     */
    private void beat() {
        long silentMillis = (System.nanoTime() - lastHeardNanos) / 1_000_000;
        if (silentMillis > HostMessage.DOWN_AFTER_MILLIS) {
            log.warn("broker {} answered nothing for {} ms; closing the control channel", broker, silentMillis);
            abort("broker silent for " + silentMillis + " ms");
            return;
        }
        try {
            send(heartbeat.get());
            synchronized (this) {
                ws.sendPing(ByteBuffer.allocate(0)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            abort("heartbeat could not be sent (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One message at a time: the WebSocket takes a send only once the previous one completed. */
    private synchronized void send(HostMessage m) throws Exception {
        ws.sendText(json.writerFor(HostMessage.class).writeValueAsString(m), true).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastHeardNanos = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastHeardNanos = System.nanoTime();
        partialBytes += StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(data)).remaining();
        if (partialBytes > HostMessage.MAX_BYTES) {
            log.warn("broker {} sent a message over {} bytes; closing the control channel", broker, HostMessage.MAX_BYTES);
            abort("broker sent a message over " + HostMessage.MAX_BYTES + " bytes");
            return null;
        }
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            partialBytes = 0;
            received(text);
        }
        webSocket.request(1);
        return null;
    }

    private void received(String text) {
        HostMessage m;
        try {
            m = json.readValue(text, HostMessage.class);
        } catch (Exception e) {
            log.warn("broker {} sent an unreadable message; closing the control channel", broker);
            abort("broker sent an unreadable message");
            return;
        }
        if (m instanceof HostMessage.Welcome w) {
            welcomed.complete(w);
        } else if (m instanceof HostMessage.Command command) {
            workers.execute(() -> {
                HostMessage.Reply reply = commands.execute(command);
                try {
                    send(reply);
                } catch (Exception e) {
                    abort("a reply could not be sent (" + e.getClass().getSimpleName() + ")");
                }
            });
        } else {
            log.warn("broker {} sent a {} message, which only a host sends; closing the control channel", broker, m.getClass().getSimpleName());
            abort("broker sent an unexpected message");
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        log.warn("broker {} sent a binary message; closing the control channel", broker);
        abort("broker sent a binary message");
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        abort("broker closed the channel (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        abort("channel failed (" + org.rounds.broker.api.OneLine.withRootCause(error) + ")");
    }
}
