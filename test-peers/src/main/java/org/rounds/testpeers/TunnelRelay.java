package org.rounds.testpeers;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * The desktop end of a fake remote-access gateway's tunnel, for a MockWebServer's WebSocket
 * upgrade: every binary frame goes to a loopback TCP port (an RFB server), everything that port
 * sends comes back as frames, and either side's end closes the other.
 *
 * <pre>{@code
 * gateway.enqueue(new MockResponse().withWebSocketUpgrade(new TunnelRelay(rfbServer.port())));
 * }</pre>
 */
public final class TunnelRelay extends WebSocketListener {
    private final int port;
    private final AtomicInteger opened = new AtomicInteger();
    private volatile Socket upstream;
    private volatile WebSocket webSocket;

    public TunnelRelay(int port) { this.port = port; }

    /** Tunnels opened through this relay. */
    public int opened() { return opened.get(); }

    /**
     * Ends the tunnel from the gateway's side, the desktop's connection with it (a gateway going
     * away; MockWebServer's server side cannot drop a WebSocket without its close frame).
     */
    public void cut() {
        WebSocket ws = webSocket;
        if (ws != null) ws.close(1001, "gateway going away");
        closeUpstream();
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        webSocket = ws;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), port);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            ws.close(1011, "upstream down");
            return;
        }
        opened.incrementAndGet();
        Thread pump = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = upstream.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) ws.send(ByteString.of(buf, 0, n));
            } catch (IOException ignored) {
                // closed by the other side
            }
            ws.close(1000, null);
        }, "test-tunnel-relay");
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void onMessage(WebSocket ws, ByteString bytes) {
        try {
            upstream.getOutputStream().write(bytes.toByteArray());
        } catch (IOException e) {
            ws.close(1011, "upstream write failed");
        }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        ws.close(1000, null);
        closeUpstream();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) { closeUpstream(); }

    private void closeUpstream() {
        Socket s = upstream;
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
