package org.rounds.roaming.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A desktop's RFB byte stream through a gateway's WebSocket tunnel, shaped as a {@link Socket} so
 * that the RFB client, and VeNCrypt's TLS layered over it, use it as they use TCP: reads block
 * up to {@link #setSoTimeout} and then throw {@link SocketTimeoutException}, the end of the
 * tunnel reads as -1, and {@link #close} closes the WebSocket. Frame boundaries mean nothing:
 * every binary message is a run of bytes of the one stream (noVNC and websockify do the same).
 */
final class TunnelSocket extends Socket {
    /**
     * Messages received and not yet read. OkHttp's reader thread waits when it is full, so a
     * viewer that reads slowly slows the gateway rather than growing this JVM's heap.
     */
    private static final int QUEUE = 64;
    /** How often a reader waiting for bytes looks whether the tunnel has ended. */
    private static final long END_CHECK_MS = 50;

    private final String gateway;
    private final BlockingQueue<ByteString> incoming = new LinkedBlockingQueue<>(QUEUE);
    private final In in = new In();
    private final Out out = new Out();
    private volatile WebSocket webSocket;
    private volatile IOException failure;
    private volatile boolean closed;
    private volatile boolean ended;
    private volatile int soTimeoutMs;

    TunnelSocket(String gateway) {
        this.gateway = gateway;
    }

    /** Receives the tunnel's events; OkHttp calls it on its own reader thread. */
    WebSocketListener listener(java.util.function.Consumer<Response> opened, java.util.function.Consumer<IOException> failedToOpen) {
        return new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                webSocket = ws;
                opened.accept(response);
            }

            @Override
            public void onMessage(WebSocket ws, ByteString bytes) {
                try {
                    while (bytes.size() > 0 && !closed && !incoming.offer(bytes, 100, TimeUnit.MILLISECONDS)) {
                        // the viewer is behind: wait for it, unless it closed the tunnel meanwhile
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                fail(new IOException("the gateway " + gateway + " sent a text frame in the desktop tunnel, which carries only binary frames"));
                ws.close(1003, "binary frames only");
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                ws.close(1000, null);
                end();
            }

            @Override
            public void onClosed(WebSocket ws, int code, String reason) { end(); }

            @Override
            public void onFailure(WebSocket ws, Throwable t, Response response) {
                IOException e = t instanceof IOException io ? io : new IOException(t);
                if (webSocket == null) {
                    failedToOpen.accept(e);
                } else {
                    fail(new IOException("the desktop tunnel through " + gateway + " failed: " + org.rounds.broker.api.OneLine.withRootCause(t), e));
                }
            }
        };
    }

    private void fail(IOException e) {
        if (failure == null) failure = e;
        end();
    }

    private void end() { ended = true; }

    @Override
    public InputStream getInputStream() throws SocketException {
        if (closed) throw new SocketException("the desktop tunnel is closed");
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws SocketException {
        if (closed) throw new SocketException("the desktop tunnel is closed");
        return out;
    }

    @Override
    public void setSoTimeout(int timeout) { soTimeoutMs = Math.max(0, timeout); }

    @Override
    public int getSoTimeout() { return soTimeoutMs; }

    @Override
    public boolean isConnected() { return true; }

    @Override
    public boolean isClosed() { return closed; }

    @Override
    public InetAddress getInetAddress() { return null; }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        WebSocket ws = webSocket;
        if (ws != null) ws.close(1000, "viewer closed");
        incoming.clear();
    }

    @Override
    public String toString() { return "TunnelSocket[" + gateway + "]"; }

    private final class In extends InputStream {
        private ByteString chunk = ByteString.EMPTY;
        private int at;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (at == chunk.size()) {
                if (closed) return endOfStream();
                ByteString next = take();
                if (next == null) return endOfStream();
                chunk = next;
                at = 0;
            }
            int n = Math.min(len, chunk.size() - at);
            for (int i = 0; i < n; i++) b[off + i] = chunk.getByte(at + i);
            at += n;
            return n;
        }

        @Override
        public int available() { return chunk.size() - at; }

        /** The next bytes received, or null once the tunnel has ended and everything received was read. */
        private ByteString take() throws IOException {
            int timeout = soTimeoutMs;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
            try {
                while (true) {
                    boolean endedBefore = ended; // read first: a message queued before the end is never lost
                    ByteString next = incoming.poll(END_CHECK_MS, TimeUnit.MILLISECONDS);
                    if (next != null) return next;
                    if (endedBefore || closed) return null;
                    if (timeout > 0 && System.nanoTime() - deadline > 0) throw new SocketTimeoutException("Read timed out");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the desktop tunnel");
            }
        }

        private int endOfStream() throws IOException {
            if (closed) throw new SocketException("Socket closed");
            if (failure != null) throw failure;
            return -1;
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) return;
            if (closed) throw new SocketException("Socket closed");
            if (failure != null) throw failure;
            // OkHttp refuses once 16 MiB wait unsent or the tunnel is closing: the gateway no longer takes bytes.
            if (!webSocket.send(ByteString.of(b, off, len))) throw new SocketException("the desktop tunnel through " + gateway + " is closed");
        }
    }
}
