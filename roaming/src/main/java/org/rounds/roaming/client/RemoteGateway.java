package org.rounds.roaming.client;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.WebSocket;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.DesktopTls;
import org.rounds.broker.api.OneLine;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.RemoteSignIn;
import org.rounds.broker.api.RemoteSignInAnswer;

/**
 * An outside endpoint's one way in: a remote-access gateway's public HTTPS port, where it signs
 * in (user id, password, TOTP code) and opens its desktop's tunnel. HTTPS only, TLS checked
 * against the JDK's trust store or a given CA file, as a doctor's Mac would check a public site.
 *
 * <pre>{@code
 * RemoteGateway gw = RemoteGateway.of("https://gateway.example:8443", Optional.empty());
 * RemoteSignInAnswer a = gw.signIn(new RemoteSignIn(user, password, code, deviceId, tapId));
 * RfbClient.builder().connector(timeout -> gw.openTunnel(a.tunnelTicket(), timeout)) ...
 * }</pre>
 */
public final class RemoteGateway implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");
    /** A sign-in answer is a few hundred bytes; anything far larger is not a gateway's. */
    private static final int MAX_ANSWER = 64 * 1024;

    private final HttpUrl base;
    private final OkHttpClient http;

    private RemoteGateway(HttpUrl base, OkHttpClient http) {
        this.base = base;
        this.http = http;
    }

    /**
     * The gateway at {@code url} (https://host[:port]), its certificate checked against
     * {@code caFile}'s certificates when given, else the JDK's trust store. One-line
     * {@link IllegalArgumentException} for a URL that is not https or a CA file that cannot be read.
     */
    public static RemoteGateway of(String url, Optional<Path> caFile) {
        HttpUrl base = HttpUrl.parse(url);
        if (base == null || !base.isHttps())
            throw new IllegalArgumentException("gateway " + url + " is not an https:// URL: outside the hospital every byte goes over TLS");
        // Conscrypt where it loads, as for broker calls: BoringSSL adds no padding to a TLS 1.3 record, where the JDK adds 16
        // zero bytes to each; a typed key is one record through the tunnel, so that is a third of the tunnel's cost for typing.
        BrokerTls.Choice tls = BrokerTls.choose(true, caFile.map(BrokerTls::trustFrom).orElse(null));
        OkHttpClient http = new OkHttpClient.Builder()
                .sslSocketFactory(tls.context().getSocketFactory(), tls.trust())
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).writeTimeout(Duration.ofSeconds(10))
                .pingInterval(Duration.ofSeconds(15)) // a tunnel idle behind a home router's NAT stays open
                .build();
        return new RemoteGateway(base.newBuilder().encodedPath("/").build(), http);
    }

    /**
     * Signs in. {@link BrokerRejectedException} with the gateway's or broker's one line for a
     * refusal (401 wrong password or code, 403 outside access refused, 429 throttled);
     * {@link BrokerUnavailableException} when the gateway cannot be reached or has no broker.
     */
    public RemoteSignInAnswer signIn(RemoteSignIn request) throws BrokerException {
        return post(BrokerApi.REMOTE_SIGN_INS, request);
    }

    /**
     * Asks for the session back after the tunnel dropped, without signing in: a fresh ticket;
     * the request's endpoint id is this device's id. {@link BrokerRejectedException} when this
     * device no longer holds that session (409: it moved on; 403: the token does not match).
     */
    public RemoteSignInAnswer reconnect(ReconnectRequest request) throws BrokerException {
        return post(BrokerApi.REMOTE_RECONNECTS, request);
    }

    private RemoteSignInAnswer post(String path, Object body) throws BrokerException {
        Request post = new Request.Builder().url(url(path)).post(RequestBody.create(BrokerClient.toJson(body), JSON)).build();
        try (Response r = http.newCall(post).execute()) {
            byte[] answer = bounded(r.body());
            if (r.code() == 200) return BrokerJson.MAPPER.readValue(answer, RemoteSignInAnswer.class);
            if (r.code() >= 400 && r.code() < 500) throw new BrokerRejectedException(base.toString(), r.code(), BrokerClient.errorText(answer));
            throw new BrokerUnavailableException(base.toString(), "gateway answered " + r.code() + ": " + BrokerClient.errorText(answer), null);
        } catch (BrokerException e) {
            throw e;
        } catch (IOException e) {
            throw new BrokerUnavailableException(base.toString(), "gateway " + base + " cannot be reached: " + OneLine.withRootCause(e), e);
        }
    }

    /**
     * An open desktop tunnel and who ends the desktop's TLS in it, as the gateway said in its
     * upgrade answer over the public port's TLS (absent: {@link DesktopTls#END_TO_END}).
     */
    public record OpenTunnel(Socket socket, DesktopTls desktopTls) {}

    /**
     * Opens the desktop tunnel with {@code ticket} (single use, from {@link #signIn}), waiting at
     * most {@code timeout} for the gateway to accept it. The socket's bytes are the desktop's RFB
     * stream; closing it closes the tunnel.
     */
    public Socket openTunnel(String ticket, Duration timeout) throws IOException {
        return openDesktopTunnel(ticket, timeout).socket();
    }

    /**
     * As {@link #openTunnel}, with the gateway's {@link BrokerApi#DESKTOP_TLS_HEADER}. A value this
     * client does not know closes the tunnel with one line: guessing could mean plain RFB.
     */
    public OpenTunnel openDesktopTunnel(String ticket, Duration timeout) throws IOException {
        TunnelSocket socket = new TunnelSocket(base.host() + ":" + base.port());
        CompletableFuture<String> open = new CompletableFuture<>();
        Request upgrade = new Request.Builder().url(url(BrokerApi.REMOTE_TUNNEL))
                .header(BrokerApi.TUNNEL_TICKET_HEADER, ticket).header("Sec-WebSocket-Protocol", "binary").build();
        WebSocket ws = http.newWebSocket(upgrade, socket.listener(
                response -> open.complete(response.header(BrokerApi.DESKTOP_TLS_HEADER, DesktopTls.END_TO_END.wire())), open::completeExceptionally));
        String mode;
        try {
            mode = open.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("the gateway " + base + " refused the desktop tunnel: " + OneLine.withRootCause(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            ws.cancel();
            throw new java.net.SocketTimeoutException("the gateway " + base + " did not open the desktop tunnel within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            ws.cancel();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while opening the desktop tunnel");
        }
        Optional<DesktopTls> known = DesktopTls.of(mode);
        if (known.isEmpty()) {
            socket.close();
            throw new IOException("the gateway " + base + " says its desktop TLS is '" + mode.replaceAll("\\p{Cntrl}", "?")
                    + "', which this client does not know: update the client");
        }
        return new OpenTunnel(socket, known.get());
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() { return "RemoteGateway[" + base + "]"; }

    private HttpUrl url(String path) { return base.newBuilder().encodedPath(path).build(); }

    private static byte[] bounded(ResponseBody body) throws IOException {
        if (body == null) return new byte[0];
        if (body.contentLength() > MAX_ANSWER) throw new IOException("gateway answer of " + body.contentLength() + " bytes is larger than " + MAX_ANSWER);
        okio.BufferedSource source = body.source();
        if (source.request(MAX_ANSWER + 1L)) throw new IOException("gateway answer is larger than " + MAX_ANSWER + " bytes");
        return source.readByteArray();
    }
}
