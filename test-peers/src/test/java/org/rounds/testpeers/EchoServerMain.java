package org.rounds.testpeers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A machine's service for the network tests: listens on ADDRESS PORT (that address only, never
 * the wildcard), prints "listening on ADDRESS:PORT", and answers each line with
 * "echo from ADDRESS: LINE". One connection at a time, lines of at most 1 KiB, 5 s to send one.
 */
public final class EchoServerMain {
    private EchoServerMain() {}

    public static void main(String[] args) throws IOException {
        InetAddress address = InetAddress.getByName(args[0]);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, Integer.parseInt(args[1])), 8);
            System.out.println("listening on " + address.getHostAddress() + ":" + server.getLocalPort());
            System.out.flush();
            while (true) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(5000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                    String line;
                    while ((line = in.readLine()) != null && line.length() <= 1024) {
                        out.println("echo from " + address.getHostAddress() + ": " + line);
                    }
                } catch (IOException e) {
                    // that client is gone or too slow: serve the next
                }
            }
        }
    }
}
