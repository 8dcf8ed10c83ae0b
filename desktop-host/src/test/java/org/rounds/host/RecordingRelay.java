package org.rounds.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * What anyone on the path between an endpoint and a host sees: a TCP relay on loopback that
 * passes one connection through to {@code target} and keeps every byte the server sent.
 */
final class RecordingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
    private volatile Socket viewer;
    private volatile Socket server;

    RecordingRelay(String host, int port) throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(() -> {
            try {
                viewer = listener.accept();
                server = new Socket(host, port);
                Thread up = new Thread(() -> pump(viewer, server, null), "recording-relay-up");
                up.setDaemon(true);
                up.start();
                pump(server, viewer, fromServer);
            } catch (IOException e) {
                // the test closed the relay
            }
        }, "recording-relay");
        t.setDaemon(true);
        t.start();
    }

    int port() { return listener.getLocalPort(); }

    /** Every byte the server sent so far. */
    byte[] serverBytes() {
        synchronized (fromServer) {
            return fromServer.toByteArray();
        }
    }

    private static void pump(Socket from, Socket to, ByteArrayOutputStream record) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (record != null) {
                    synchronized (record) {
                        record.write(buf, 0, n);
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        if (viewer != null) viewer.close();
        if (server != null) server.close();
    }
}
