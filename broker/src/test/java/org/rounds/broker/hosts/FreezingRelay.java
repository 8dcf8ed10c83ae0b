package org.rounds.broker.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to a broker that can go silent without closing anything ({@link #freeze}): a cut
 * link or a machine that vanished, which no socket reports.
 */
final class FreezingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;

    FreezingRelay(int targetPort) throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(in);
                    sockets.add(out);
                    pump(in, out);
                    pump(out, in);
                } catch (IOException e) {
                    return;
                }
            }
        }, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buf)) > 0; ) {
                    if (!frozen) out.write(buf, 0, n);   // frozen: bytes vanish, nothing closes
                }
            } catch (IOException e) {
                // one side ended
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    String baseUrl() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    void freeze() {
        frozen = true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) s.close();
    }
}
