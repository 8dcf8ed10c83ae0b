package org.rounds.gateway;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.OneLine;

/**
 * The gateway's calls to the brokers of {@code --brokers}, in order ({@link BrokerOrder}), over TLS 1.3 trusting only
 * {@code --broker-ca}, and (once enrolled) presenting the gateway's certificate, which is what
 * lets a broker believe {@value BrokerApi#OUTSIDE_SOURCE_HEADER}.
 *
 * <p>Failover, decided in {@link #movesOn}: a broker that cannot be reached (refused, timed out,
 * reset) or answers 502/503/504 is left for the next one at once; any other answer, a 4xx
 * included, is final and comes back as it is. Moving on after a broker may already have acted
 * (it timed out after the request went out) is safe for what the gateway sends: a sign-in
 * carries its {@code tapId}, which makes a retry idempotent, and a ticket is redeemed once, so a
 * second broker refuses a ticket the first one used, which is the right answer.
 */
final class Brokers implements AutoCloseable {
    /**
     * A broker's refusing port answers at once; this bounds the wait for one whose packets are
     * dropped (a broker host down), so the next broker is asked within it.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A sign-in hashes a password and may wait for a desktop host to start one (up to 5 s). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final MediaType JSON = MediaType.get("application/json");
    /** The most of a broker's answer passed on: a broker's answers are a few hundred bytes. */
    static final int MAX_ANSWER = 64 * 1024;

    /** A broker's final answer. */
    record Answer(int status, byte[] body, String contentType, String retryAfter, String broker) {}

    /** No broker of {@code --brokers} gave a final answer; the message says what each did, in one line. */
    static final class NoBrokerAnswered extends Exception {
        NoBrokerAnswered(String message) { super(message); }
    }

    private final List<HttpUrl> brokers;
    private final OkHttpClient http;
    private final BrokerOrder order;

    private Brokers(List<URI> brokers, KeyManagerFactory keys, X509TrustManager trust) {
        List<HttpUrl> urls = new ArrayList<>();
        for (URI u : brokers) {
            HttpUrl url = HttpUrl.parse(u.toString());
            if (url == null || !url.isHttps())
                throw new GatewayException("--brokers " + u + " is not an https:// broker URL: the gateway speaks to brokers over mutual TLS");
            urls.add(url);
        }
        if (urls.isEmpty()) throw new GatewayException("--brokers names no broker: give https://HOST:PORT[,...]");
        this.brokers = List.copyOf(urls);
        this.order = new BrokerOrder(urls.size(), BrokerOrder.COOLDOWN, System::nanoTime);
        try {
            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(keys == null ? null : keys.getKeyManagers(), new javax.net.ssl.TrustManager[] {trust}, null);
            this.http = new OkHttpClient.Builder()
                    .sslSocketFactory(tls.getSocketFactory(), trust)
                    .connectionSpecs(List.of(new okhttp3.ConnectionSpec.Builder(okhttp3.ConnectionSpec.RESTRICTED_TLS)
                            .tlsVersions(okhttp3.TlsVersion.TLS_1_3).build()))
                    .connectTimeout(CONNECT_TIMEOUT)
                    .readTimeout(READ_TIMEOUT)
                    .writeTimeout(READ_TIMEOUT)
                    .followRedirects(false)
                    .build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot speak TLS 1.3: " + e.getMessage(), e);
        }
    }

    /** Trusting {@code brokerCa} only, presenting no certificate: for the enrolment. */
    static Brokers trusting(List<URI> brokers, java.nio.file.Path brokerCa) {
        return new Brokers(brokers, null, Keys.trusting(brokerCa, "--broker-ca"));
    }

    /** Trusting {@code brokerCa} only and presenting the enrolled key and certificate. */
    static Brokers mutual(List<URI> brokers, java.nio.file.Path brokerCa, GatewayFiles files) {
        var chain = Keys.certificates(files.certificate(), "gateway certificate");
        var key = Keys.privateKey(files.key(), "gateway key");
        return new Brokers(brokers, Keys.keyManagers(Keys.keyStore(key, chain, files.key(), files.certificate())),
                Keys.trusting(brokerCa, "--broker-ca"));
    }

    /**
     * POSTs {@code json} to {@code path} of each broker in turn ({@link BrokerOrder}: one that just
     * failed is asked last) until one answers finally. With
     * {@code outsideSource}, the request carries it in {@value BrokerApi#OUTSIDE_SOURCE_HEADER}
     * (the gateway builds every forwarded request itself, so no caller's header rides along).
     */
    Answer post(String path, byte[] json, String outsideSource) throws NoBrokerAnswered {
        List<String> failures = new ArrayList<>();
        for (int i : order.order()) {
            HttpUrl broker = brokers.get(i);
            Request.Builder r = new Request.Builder().url(broker.resolve(path)).post(RequestBody.create(json, JSON));
            if (outsideSource != null) r.header(BrokerApi.OUTSIDE_SOURCE_HEADER, outsideSource);
            try (Response response = http.newCall(r.build()).execute()) {
                Answer a = answer(broker, response);
                if (!movesOn(a.status())) {
                    order.answered(i);
                    return a;
                }
                order.failed(i);
                failures.add(broker + " answered " + a.status());
            } catch (IOException e) {
                order.failed(i);
                failures.add(broker + ": " + OneLine.withRootCause(e));
            }
        }
        throw new NoBrokerAnswered("no broker answered: " + String.join("; ", failures));
    }

    /** Whether an answer sends the call on to the next broker: only "this broker cannot now", never a refusal. */
    static boolean movesOn(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    private static Answer answer(HttpUrl broker, Response response) throws IOException {
        ResponseBody body = response.body();
        byte[] bytes = new byte[0];
        String type = null;
        if (body != null) {
            okio.BufferedSource source = body.source();
            if (!source.request(MAX_ANSWER + 1L)) bytes = source.readByteArray();
            else throw new IOException("an answer larger than " + MAX_ANSWER + " bytes");
            MediaType t = body.contentType();
            type = t == null ? null : t.toString();
        }
        return new Answer(response.code(), bytes, type, response.header("Retry-After"), broker.toString());
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
