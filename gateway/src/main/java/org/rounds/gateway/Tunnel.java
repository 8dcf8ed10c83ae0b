package org.rounds.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.rounds.broker.api.OneLine;
import org.rounds.broker.api.TunnelTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outside device's desktop stream: the bytes of a TCP connection to the desktop host go out
 * as binary WebSocket frames, and the payload of the frames that come in goes to the host, as
 * websockify does. RFB is never parsed: a frame boundary means nothing to a byte stream. When
 * either side ends, the other is closed; {@code onEnd} runs once.
 *
 * <p>One thread per tunnel reads the host (blocking, so a slow outside device holds the host
 * back through TCP instead of filling the gateway's memory); frames from outside are written to
 * the host on Jetty's thread, which reads no further frame until the write is done.
 *
 * <p>With {@code --desktop-tls gateway} the host's side is the gateway's own TLS connection,
 * already past ServerInit ({@link DesktopHandshake}), and the tunnel first plays the server's part
 * of an RFB 3.8 handshake with security None toward the outside device ({@link OutsideHandshake}),
 * handing it the host's ServerInit; the host is read only from then on.
 */
final class Tunnel {
    private static final Logger log = LoggerFactory.getLogger(Tunnel.class);
    /** What one read of the host may carry into one frame. */
    private static final int CHUNK = 32 * 1024;
    /**
     * A host silent this long gets a ping sent toward the outside device: an idle desktop sends
     * nothing, and NAT boxes and load balancers drop a flow silent for a minute or more.
     */
    static final int KEEPALIVE_MS = 30_000;

    private final Socket host;
    private final TunnelTarget target;
    private final String source;
    private final Runnable onEnd;
    /** How the tunnel ended: null while it runs. Set once, so a late start and a second end see the first. */
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private final AtomicLong fromHost = new AtomicLong(), toHost = new AtomicLong();
    private final long opened = System.nanoTime();
    private volatile Session outside;
    private volatile OutputStream hostOut;
    /** Non-null while the outside device's RFB handshake runs (gateway mode); then null for ever. */
    private volatile OutsideHandshake greeting;
    private volatile String name;

    private record Ending(int code, String why) {}

    Tunnel(Socket host, TunnelTarget target, String source, Runnable onEnd) {
        this(host, null, target, source, onEnd);
    }

    /** {@code serverInit}: the host's ServerInit when the gateway ended the desktop's TLS, else null (bytes relayed from the start). */
    Tunnel(Socket host, byte[] serverInit, TunnelTarget target, String source, Runnable onEnd) {
        this.host = host;
        this.target = target;
        this.source = source;
        this.onEnd = onEnd;
        this.greeting = serverInit == null ? null : new OutsideHandshake(serverInit);
    }

    /** The WebSocket is open: start relaying. */
    void start(Session session, String name) {
        this.outside = session;
        Ending early = ending.get();
        if (early != null) {   // ended before the WebSocket opened (a stopping gateway, the upgrade's deadline): it must not stay open alone
            session.close(early.code(), early.why());
            return;
        }
        try {
            host.setSoTimeout(KEEPALIVE_MS);
            hostOut = host.getOutputStream();
        } catch (IOException e) {
            end(StatusCode.SERVER_ERROR, "the desktop host's connection failed: " + OneLine.of(e));
            return;
        }
        this.name = name;
        OutsideHandshake g = greeting;
        log.info("tunnel opened for user {} from {} to {}:{}{}", target.userId(), source, target.host(), target.port(),
                g == null ? "" : " (the gateway ends the desktop's TLS)");
        if (g == null) {
            startReadingHost();
            return;
        }
        try {
            session.getRemote().sendBytes(ByteBuffer.wrap(g.first()));
        } catch (IOException e) {
            end(StatusCode.NORMAL, "the outside device's connection failed: " + OneLine.of(e));
        }
    }

    private void startReadingHost() {
        Thread reader = new Thread(this::readHost, name);
        reader.setDaemon(true);
        reader.start();
    }

    /** A binary frame from outside. */
    void fromOutside(byte[] data, int offset, int length) {
        if (ended()) return;
        OutsideHandshake g = greeting;
        if (g != null) {
            OutsideHandshake.Step step;
            try {
                step = g.take(data, offset, length);
            } catch (OutsideHandshake.Refusal e) {
                end(StatusCode.PROTOCOL, e.getMessage());
                return;
            }
            try {
                if (step.answer().length > 0) outside.getRemote().sendBytes(ByteBuffer.wrap(step.answer()));
            } catch (IOException e) {
                end(StatusCode.NORMAL, "the outside device's connection failed: " + OneLine.of(e));
                return;
            }
            if (!step.done()) return;
            greeting = null;
            startReadingHost();
            data = step.rest();
            offset = 0;
            length = data.length;
            if (length == 0) return;
        }
        try {
            hostOut.write(data, offset, length);
            toHost.addAndGet(length);
        } catch (IOException e) {
            end(StatusCode.NORMAL, "the desktop host closed");
        }
    }

    private void readHost() {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = host.getInputStream()) {
            while (!ended()) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException quiet) {
                    outside.getRemote().sendPing(ByteBuffer.allocate(0));
                    continue;
                }
                if (n < 0) {
                    end(StatusCode.NORMAL, "the desktop host closed");
                    return;
                }
                // Blocking: the next read of the host waits for the outside device to take this frame.
                outside.getRemote().sendBytes(ByteBuffer.wrap(buffer, 0, n));
                fromHost.addAndGet(n);
            }
        } catch (IOException e) {
            end(StatusCode.NORMAL, ended() ? "" : "relay ended: " + OneLine.of(e));
        }
    }

    /** Ends the tunnel: closes the host's connection and the WebSocket (with {@code code}), once, and logs one line. */
    void end(int code, String why) {
        Ending e = new Ending(code, why.length() > 100 ? why.substring(0, 100) : why);   // a close frame's reason has room for 123 bytes
        if (!ending.compareAndSet(null, e)) return;
        try {
            host.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
        Session s = outside;
        if (s != null && s.isOpen()) s.close(e.code(), e.why());
        if (s != null) {
            log.info("tunnel closed for user {} from {} after {} s ({} bytes to the desktop, {} from it): {}", target.userId(), source,
                    (System.nanoTime() - opened) / 1_000_000_000L, toHost.get(), fromHost.get(), why);
        }
        onEnd.run();
    }

    boolean ended() {
        return ending.get() != null;
    }

    /** True once the outside device's RFB handshake is over (at once when the desktop's TLS runs end to end). */
    boolean relaying() {
        return greeting == null;
    }

    /** True once the WebSocket opened and the relay began. */
    boolean started() {
        return outside != null;
    }
}
