package org.rounds.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.rounds.broker.api.BrokerApi;

/**
 * The outside end of a tunnel for tests: a loopback port that an RFB client (which speaks TCP)
 * connects to, bridged to the gateway's tunnel WebSocket through OkHttp, binary frames both ways.
 * {@link #opened} completes with the upgrade's answer (or fails with the refused one).
 */
final class TunnelBridge extends WebSocketListener implements AutoCloseable {
    /**
     * How the upgrade ended: the HTTP status (101 when accepted), the subprotocol chosen, a
     * refusal's body, and who ends the desktop's TLS as the gateway said (null when it did not).
     */
    record Upgrade(int status, String protocol, String body, String desktopTls) {}

    final CompletableFuture<Upgrade> opened = new CompletableFuture<>();
    /** The close code the gateway sent, when it closed the WebSocket. */
    final CompletableFuture<Integer> closedBy = new CompletableFuture<>();
    private final ServerSocket local;
    private volatile Socket viewer;
    /** The desktop speaks first: its bytes wait here until the viewer has connected to the local port. */
    private final CompletableFuture<Socket> viewerConnected = new CompletableFuture<>();
    private final WebSocket ws;

    /** Opens the WebSocket at once; the local port takes one connection. {@code ticket} null: no ticket header. */
    TunnelBridge(OkHttpClient http, String base, String ticket) throws IOException {
        this(http, base, ticket, "binary");
    }

    /** As above, offering {@code protocols} (a Sec-WebSocket-Protocol value). */
    TunnelBridge(OkHttpClient http, String base, String ticket, String protocols) throws IOException {
        this.local = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Request.Builder r = new Request.Builder().url(base.replace("https://", "wss://") + BrokerApi.REMOTE_TUNNEL)
                .header("Sec-WebSocket-Protocol", protocols);
        if (ticket != null) r.header(BrokerApi.TUNNEL_TICKET_HEADER, ticket);
        this.ws = http.newWebSocket(r.build(), this);
        Thread t = new Thread(this::acceptViewer, "tunnel-bridge");
        t.setDaemon(true);
        t.start();
    }

    int port() { return local.getLocalPort(); }

    WebSocket webSocket() { return ws; }

    private void acceptViewer() {
        try {
            viewer = local.accept();
            viewerConnected.complete(viewer);
            opened.join();
            try (InputStream in = viewer.getInputStream()) {
                byte[] b = new byte[16 * 1024];
                for (int n; (n = in.read(b)) >= 0; ) ws.send(ByteString.of(b, 0, n));
            }
            ws.close(1000, "viewer closed");
        } catch (Exception e) {
            ws.cancel();
        }
    }

    @Override public void onOpen(WebSocket webSocket, Response response) {
        opened.complete(new Upgrade(response.code(), response.header("Sec-WebSocket-Protocol"), "", response.header(BrokerApi.DESKTOP_TLS_HEADER)));
    }

    @Override public void onMessage(WebSocket webSocket, ByteString bytes) {
        try {
            OutputStream out = viewerConnected.get(10, java.util.concurrent.TimeUnit.SECONDS).getOutputStream();
            out.write(bytes.toByteArray());
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            webSocket.cancel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            webSocket.cancel();
        }
    }

    @Override public void onClosing(WebSocket webSocket, int code, String reason) {
        closedBy.complete(code);
        webSocket.close(code == 1005 ? 1000 : code, null);
        closeViewer();
    }

    @Override public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        String body = "";
        if (response != null) {
            try {
                body = response.body() == null ? "" : response.body().string();
            } catch (IOException | IllegalStateException ignored) {
                // OkHttp may have consumed it
            }
        }
        opened.complete(new Upgrade(response == null ? -1 : response.code(), null, body, null));
        closedBy.complete(-1);
        closeViewer();
    }

    private void closeViewer() {
        try {
            if (viewer != null) viewer.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        ws.cancel();
        local.close();
        closeViewer();
    }
}
