package org.rounds.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.rounds.testpeers.PemTrust;

/** An outside device's HTTPS client toward a gateway, trusting only the gateway's development CA. */
final class Outside implements AutoCloseable {
    record Answer(int status, String body, String retryAfter, String contentType) {}

    final OkHttpClient http;
    final String base;

    Outside(Gateway gateway, Path data) throws Exception {
        Path ca = data.resolve(GatewayFiles.DEV_TLS).resolve(PublicTls.CA_CERT);
        X509TrustManager trust = PemTrust.manager(ca);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        this.http = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(20)).retryOnConnectionFailure(false)
                .protocols(List.of(okhttp3.Protocol.HTTP_1_1)).build();
        this.base = "https://127.0.0.1:" + gateway.port();
    }

    Answer post(String path, String body) throws Exception {
        return post(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), r -> r);
    }

    Answer post(String path, byte[] body, UnaryOperator<Request.Builder> headers) throws Exception {
        Request r = headers.apply(new Request.Builder().url(base + path).post(RequestBody.create(body, MediaType.get("application/json")))).build();
        try (Response response = http.newCall(r).execute()) {
            return new Answer(response.code(), response.body().string(), response.header("Retry-After"), response.header("Content-Type"));
        }
    }

    /** A WebSocket upgrade of the tunnel made as a plain request, to read a refusal's body (OkHttp's WebSocket drops it). */
    Answer upgrade(String ticket) throws Exception {
        Request r = new Request.Builder().url(base + org.rounds.broker.api.BrokerApi.REMOTE_TUNNEL).header("Connection", "Upgrade")
                .header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .header(org.rounds.broker.api.BrokerApi.TUNNEL_TICKET_HEADER, ticket).build();
        try (Response response = http.newCall(r).execute()) {
            return new Answer(response.code(), response.body().string(), response.header("Retry-After"), response.header("Content-Type"));
        }
    }

    Answer get(String path) throws Exception {
        try (Response response = http.newCall(new Request.Builder().url(base + path).build()).execute()) {
            return new Answer(response.code(), response.body().string(), response.header("Retry-After"), response.header("Content-Type"));
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
