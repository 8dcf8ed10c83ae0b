package org.rounds.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.GatewayEnrolmentAnswer;
import org.rounds.broker.api.GatewayEnrolmentRequest;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.RemoteSignIn;
import org.rounds.broker.api.RemoteSignInAnswer;
import org.rounds.broker.api.TunnelRedemption;
import org.rounds.broker.api.TunnelTarget;

/**
 * A broker for the gateway's tests, over HTTPS on 127.0.0.1 with a certificate of {@link TestCa},
 * implementing exactly the remote-access contract of broker-api: gateway enrolment (open, one
 * code), and sign-ins and ticket redemptions that need a client certificate the CA issued
 * (401 without one). It records what reached it.
 */
public final class FakeBroker implements AutoCloseable {
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private static final ObjectMapper json = new ObjectMapper();

    /** A request that reached the broker: its path, body, outside source header and the client certificate's CN ("" for none). */
    public record Seen(String path, String body, String outsideSource, String client) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final Map<String, TunnelTarget> tickets = new ConcurrentHashMap<>();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final TestCa ca;
    private final String address;
    private final Javalin app;
    /** The sign-in answer's status; 200 answers a RemoteSignInAnswer, anything else an ApiError. */
    volatile int signInStatus = 200;

    public FakeBroker(TestCa ca) throws Exception {
        this(ca, "127.0.0.1");
    }

    /** A broker listening on {@code address} (an address of this machine, such as a test network's). */
    public FakeBroker(TestCa ca, String address) throws Exception {
        this.ca = ca;
        this.address = address;
        KeyStore keys = ca.server(address);
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jetty.addConnector((server, http) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(keys);
                ssl.setKeyStorePassword(new String(Keys.IN_MEMORY));
                ssl.setIncludeProtocols("TLSv1.3");
                try {
                    KeyStore trust = KeyStore.getInstance("PKCS12");
                    trust.load(null, null);
                    trust.setCertificateEntry("ca", ca.certificate);
                    ssl.setTrustStore(trust);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                ssl.setWantClientAuth(true);
                HttpConfiguration https = new HttpConfiguration(http);
                https.addCustomizer(new SecureRequestCustomizer());
                ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                        new HttpConnectionFactory(https));
                c.setHost(address);
                c.setPort(0);
                return c;
            });
        });
        app.post(BrokerApi.GATEWAY_ENROLMENTS, this::enrol);
        app.post(BrokerApi.REMOTE_SIGN_INS, this::signIn);
        app.post(BrokerApi.REMOTE_TUNNELS, this::redeem);
        app.post(BrokerApi.REMOTE_RECONNECTS, this::reconnect);
        app.start(address, 0);
    }

    public String url() { return "https://" + address + ":" + app.port(); }

    /** A one-time code that enrols a gateway named {@code name}. */
    public String code(String name) {
        String code = "code-" + name + "-" + System.nanoTime();
        codes.put(code, name);
        return code;
    }

    public List<Seen> seen(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    private void enrol(Context ctx) throws Exception {
        GatewayEnrolmentRequest r = json.readValue(ctx.body(), GatewayEnrolmentRequest.class);
        String name = codes.remove(r.code());
        if (name == null) {
            ctx.status(403).json(new ApiError("enrolment code unknown or used: ask for a new one with 'rounds broker gateways add NAME'"));
            return;
        }
        ctx.json(new GatewayEnrolmentAnswer(name, Keys.pem(ca.gateway(r.csr(), name)), Keys.pem(ca.certificate)));
    }

    /** Records the call; the calling gateway's name (its client certificate's), or null after a 401 with {@code refusal}. */
    private String gateway(Context ctx, String refusal) {
        String client = client(ctx);
        seen.add(new Seen(ctx.path(), ctx.body(), ctx.header(BrokerApi.OUTSIDE_SOURCE_HEADER), client));
        if (!client.isEmpty()) return client;
        ctx.status(401).json(new ApiError(refusal));
        return null;
    }

    private void signIn(Context ctx) throws Exception {
        if (gateway(ctx, "outside sign-ins come only through a gateway") == null) return;
        if (signInStatus != 200) {
            ctx.status(signInStatus).json(new ApiError(signInStatus == 401 ? "wrong user id, password or code" : "broker unavailable"));
            return;
        }
        RemoteSignIn r = json.readValue(ctx.body(), RemoteSignIn.class);
        ctx.json(new RemoteSignInAnswer(r.userId(), "Dr. Test", "ticket-for-" + r.userId() + "-0123456789", "pw", "pin", 1, "token"));
    }

    /** A fresh ticket at the same generation for any reconnect (the real broker checks the token and the owner). */
    private void reconnect(Context ctx) throws Exception {
        if (gateway(ctx, "outside reconnects come only through a gateway") == null) return;
        ReconnectRequest r = json.readValue(ctx.body(), ReconnectRequest.class);
        ctx.json(new RemoteSignInAnswer(r.userId(), "Dr. Test", "ticket-again-" + r.userId() + "-0123456789", "pw2", "pin", r.generation(),
                r.reconnectToken()));
    }

    private void redeem(Context ctx) throws Exception {
        if (gateway(ctx, "tickets are redeemed only by a gateway") == null) return;
        TunnelTarget t = tickets.remove(json.readValue(ctx.body(), TunnelRedemption.class).ticket());
        if (t == null) ctx.status(404).json(new ApiError("tunnel ticket unknown, used or expired: sign in again"));
        else ctx.json(t);
    }

    private static String client(Context ctx) {
        Object chain = ctx.req().getAttribute(CERTIFICATES);
        if (!(chain instanceof X509Certificate[] certs) || certs.length == 0) return "";
        return Keys.commonName(certs[0]);
    }

    @Override
    public void close() {
        app.stop();
    }
}
