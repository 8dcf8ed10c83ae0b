package org.rounds.roaming.client;

import org.rounds.broker.api.OneLine;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.PushEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push channel over an OkHttp WebSocket. Reconnects are scheduled on one named thread of
 * our own; events arrive on OkHttp's reader thread of the current socket. Callbacks of a socket
 * that is no longer the current one are ignored, so a late failure of an old socket cannot
 * start a second reconnect loop.
 */
final class WebSocketPushChannel implements PushChannel {
    private static final Logger log = LoggerFactory.getLogger(WebSocketPushChannel.class);

    /** The client's brokers now (the list may be replaced while the channel is open). */
    private final java.util.function.Supplier<Routes> routes;
    private final java.util.function.Consumer<WebSocketPushChannel> onClose;
    private final String endpointId;
    private final PushListener listener;
    private final Backoff backoff;
    private final ScheduledExecutorService reconnects;
    private final AtomicInteger failures = new AtomicInteger();
    /** Guards listener calls against close(): no call starts once close() has returned. */
    private final Object deliveryLock = new Object();

    private volatile boolean closed;
    private volatile WebSocket current;
    private volatile boolean open;
    private volatile Thread reconnectThread;
    private int brokerIndex; // only touched on the reconnect thread and in drop()
    private int lastDropped = -1; // the broker whose socket dropped last: tried again only if no other is better
    private int brokerCount = 1;   // of the list the current socket was opened from

    /** One consistent broker list: its HTTP client, its brokers, and the order the routes prefer now (indexes into it). */
    interface Routes {
        OkHttpClient http();

        List<HttpUrl> brokers();

        List<Integer> order();
    }

    private WebSocketPushChannel(java.util.function.Supplier<Routes> routes, String endpointId, PushListener listener, Backoff backoff,
                                 java.util.function.Consumer<WebSocketPushChannel> onClose) {
        this.routes = routes;
        this.onClose = onClose;
        this.endpointId = endpointId;
        this.listener = listener;
        this.backoff = backoff;
        this.reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rounds-push-" + endpointId);
            t.setDaemon(true);
            reconnectThread = t;
            return t;
        });
    }

    /**
     * {@code routes} says which brokers are healthy first (the client's routes); the channel follows
     * it. {@code onClose} runs once when the channel is closed.
     */
    static WebSocketPushChannel open(java.util.function.Supplier<Routes> routes, String endpointId, PushListener listener, Backoff backoff,
                                     java.util.function.Consumer<WebSocketPushChannel> onClose) {
        WebSocketPushChannel channel = new WebSocketPushChannel(routes, endpointId, listener, backoff, onClose);
        channel.reconnects.execute(channel::connect);
        return channel;
    }

    @Override
    public boolean ack(PushAck ack) {
        WebSocket ws = current;
        if (ws == null || !open) return false;
        try {
            return ws.send(BrokerJson.MAPPER.writeValueAsString(ack));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write PushAck as JSON", e);
        }
    }

    @Override
    public boolean isConnected() {
        return open && !closed;
    }

    @Override
    public void close() {
        synchronized (deliveryLock) {
            if (closed) return;
            closed = true;
        }
        onClose.accept(this);
        reconnects.shutdownNow();
        WebSocket ws = current;
        current = null;
        open = false;
        if (ws != null) ws.close(1000, "endpoint closing");
        try {
            Thread t = reconnectThread;
            // awaitTermination returns while the worker is still exiting; join it so none is left.
            if (!reconnects.awaitTermination(2, TimeUnit.SECONDS) || (t != null && !join(t))) {
                log.warn("push channel of {}: reconnect thread did not stop within 2 s", endpointId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean join(Thread t) throws InterruptedException {
        if (t != Thread.currentThread()) t.join(2000);
        return !t.isAlive() || t == Thread.currentThread();
    }

    /**
     * The client's broker list was replaced: the socket open now (to a broker perhaps no longer
     * listed) is closed, and the channel connects at once to the new list's preferred broker.
     */
    void brokersReplaced() {
        synchronized (deliveryLock) {
            if (closed) return;
            WebSocket ws = current;
            current = null;   // its callbacks are ignored from now on
            open = false;
            lastDropped = -1;
            if (ws != null) ws.close(1000, "broker list replaced");
            try {
                reconnects.execute(this::connect);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void connect() {
        if (closed || current != null) return;   // one socket at a time (a replaced list may ask while one is open)
        Routes r = routes.get();
        List<Integer> order = r.order();
        int skip = lastDropped < r.brokers().size() ? lastDropped : -1;
        brokerIndex = order.stream().filter(i -> i != skip).findFirst().orElse(order.get(0));
        brokerCount = r.brokers().size();
        HttpUrl broker = r.brokers().get(brokerIndex);
        HttpUrl.Builder withCatchUp = BrokerClient.resolve(broker, BrokerApi.pushPath(endpointId)).newBuilder();
        java.util.Map<String, String> catchUp = listener.catchUp();
        catchUp.forEach((k, v) -> {
            if (!k.equals(BrokerApi.CATCH_UP_TOKEN)) withCatchUp.addQueryParameter(k, v);
        });
        Request.Builder request = new Request.Builder().url(withCatchUp.build());
        String token = catchUp.get(BrokerApi.CATCH_UP_TOKEN);
        if (token != null && !token.isEmpty()) request.header(BrokerApi.RECONNECT_TOKEN_HEADER, token);   // a header: URLs get logged
        synchronized (deliveryLock) { // onOpen must see the new socket as current
            if (closed) return;
            current = r.http().newWebSocket(request.build(), new SocketListener(broker.toString()));
        }
    }

    /** A socket ended (failed, or closed by the broker): tell the listener and schedule the next attempt. */
    private void drop(WebSocket ws, String reason) {
        synchronized (deliveryLock) {
            if (closed || ws != current) return;
            current = null;
            boolean wasOpen = open;
            open = false;
            lastDropped = brokerCount > 1 ? brokerIndex : -1;
            long delayNanos = backoff.delay(failures.incrementAndGet()).toNanos();
            log.info("push channel of {} dropped ({}); reconnecting in {} ms", endpointId, reason,
                    TimeUnit.NANOSECONDS.toMillis(delayNanos));
            try {
                reconnects.schedule(this::connect, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                return; // closing
            }
            if (wasOpen) safely(() -> listener.disconnected(reason));
        }
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("push listener of {} threw; ignored", endpointId, e);
        }
    }

    private final class SocketListener extends WebSocketListener {
        private final String broker;

        SocketListener(String broker) {
            this.broker = broker;
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            synchronized (deliveryLock) {
                if (closed || ws != current) {
                    // Closed or replaced before it opened: its close frame is already queued and goes
                    // out now (cancelling here would cut it off, and the broker would see a reset).
                    ws.close(1000, closed ? "endpoint closing" : "broker list replaced");
                    return;
                }
                open = true;
                failures.set(0);
                log.info("push channel of {} connected to {}", endpointId, broker);
                safely(() -> listener.connected(broker));
            }
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            PushEvent event;
            try {
                event = BrokerJson.MAPPER.readValue(text, PushEvent.class);
            } catch (java.io.IOException e) {
                log.warn("push channel of {}: ignored an unreadable event from {}: {}", endpointId, broker,
                        OneLine.withRootCause(e));
                return;
            }
            synchronized (deliveryLock) {
                if (closed || ws != current) return;
                safely(() -> listener.onPush(event, WebSocketPushChannel.this));
            }
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(1000, null);
            drop(ws, "broker " + broker + " closed the channel (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            drop(ws, response != null
                    ? "broker " + broker + " answered HTTP " + response.code() + " instead of opening the channel"
                    : "broker " + broker + " unreachable: " + OneLine.withRootCause(t));
        }
    }
}
