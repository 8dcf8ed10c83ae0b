package org.rounds.gateway;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.testpeers.PemTrust;

/**
 * An outside device in its own network namespace: opens the tunnel at the gateway with a ticket,
 * shows the desktop through it with our RFB client, and prints {@code pixels SHA256} of the first
 * complete frame (the test compares it with the desktop's own). Arguments: the gateway's base URL,
 * the CA file to trust for it, the ticket.
 */
public final class OutsideMain {
    private OutsideMain() {}

    public static void main(String[] args) throws Exception {
        X509TrustManager trust = PemTrust.manager(Path.of(args[1]));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        OkHttpClient http = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust).build();
        try (TunnelBridge bridge = new TunnelBridge(http, args[0], args[2])) {
            System.out.println("upgrade " + bridge.opened.get(20, TimeUnit.SECONDS).status());
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(bridge.port()).encodings(List.of("zrle", "raw"))
                    .connectTimeout(Duration.ofSeconds(10)).build().connect(new RfbListener() {})) {
                if (!s.awaitFirstFrame(Duration.ofSeconds(20))) throw new IllegalStateException("no first frame through the tunnel");
                int[] p;
                synchronized (s.framebuffer()) {
                    p = s.framebuffer().copyPixels();
                }
                System.out.println("pixels " + sha256(p));
            }
        }
        System.out.flush();
        System.exit(0);
    }

    static String sha256(int[] pixels) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (int v : pixels) d.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        return HexFormat.of().formatHex(d.digest());
    }
}
