package org.rounds.roaming.client;

import org.rounds.broker.api.OneLine;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.IdleLockReport;
import org.rounds.broker.api.KioskRequest;
import org.rounds.broker.api.LogoffRequest;
import org.rounds.broker.api.PasswordLogin;
import org.rounds.broker.api.PinEntry;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's client of the broker's REST API and push channel. Built once, immutable,
 * thread-safe; {@link #close()} stops its threads.
 *
 * <p>Each call tries the brokers in route order ({@link BrokerRoutes}: the broker in use first,
 * brokers whose breaker is open last) within one deadline (default 2 s): a broker that cannot
 * be reached, answers 5xx or stays silent is skipped for the next one; a 4xx refusal is final.
 * A broker over capacity (503 with Retry-After) is skipped for as long as it asks, and the
 * next broker is asked at once, within the same call: no call waits out a Retry-After.
 * A background prober checks every broker's {@code /health/ready} with jitter, so a dead broker
 * is usually known before a tap needs it. Taps carry an idempotent tap id, so a retry on
 * another broker after a silent one is safe.
 */
public final class BrokerClient implements BrokerCalls, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerClient.class);
    /** The least time one broker is given within a call's deadline. */
    static final long MIN_ATTEMPT_MS = 300;

    private final boolean ownsHttp;
    private final Backoff pushBackoff;
    private final Duration deadline;
    /** The settings it was built with, for {@link #replaceBrokers} (which changes only the broker list). */
    private final Builder settings;
    /** The OkHttpClient every broker list's client is derived from (sharing its pool and dispatcher). */
    private final OkHttpClient base;
    /** The brokers and everything made for them; replaced whole, so a call reads one consistent list. */
    private volatile Routing routing;
    private final List<WebSocketPushChannel> channels = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One broker list with its HTTP client (TLS and pins for its hosts), routes and prober. */
    private record Routing(List<HttpUrl> brokers, OkHttpClient http, BrokerRoutes routes, BrokerProber prober, String tlsProvider)
            implements WebSocketPushChannel.Routes {
        @Override public List<Integer> order() {
            return routes.order();
        }
    }

    private BrokerClient(Builder b) {
        this.settings = b;
        this.base = b.http != null ? b.http : new OkHttpClient();
        this.ownsHttp = b.http == null;
        this.pushBackoff = new Backoff(b.pushBackoffInitial, b.pushBackoffMax);
        this.deadline = b.deadline;
        this.routing = routing(List.copyOf(b.brokers));
    }

    private Routing routing(List<HttpUrl> brokers) {
        Builder b = settings;
        OkHttpClient.Builder http = base.newBuilder();
        String tlsProvider;
        if (brokers.stream().anyMatch(HttpUrl::isHttps)) {
            BrokerTls.Choice tls = BrokerTls.choose(b.preferConscrypt, b.trust, b.keys);
            http.sslSocketFactory(tls.context().getSocketFactory(), tls.trust());
            tlsProvider = tls.provider();
            if (!b.pins.isEmpty()) {
                // Every https broker host must present a certificate chain holding one of the pins; no
                // call ever falls back to an unpinned connection.
                okhttp3.CertificatePinner.Builder pinner = new okhttp3.CertificatePinner.Builder();
                for (HttpUrl u : brokers) if (u.isHttps()) pinner.add(u.host(), b.pins.toArray(String[]::new));
                http.certificatePinner(pinner.build());
            }
        } else {
            tlsProvider = "none";
        }
        OkHttpClient client = http
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .callTimeout(b.callTimeout)
                .pingInterval(b.pingInterval)
                // OkHttp retries only a request whose pooled connection the broker had already closed (a
                // restarting broker's idle keep-alive, RFC 9112 9.3.1), once, on a fresh connection within
                // the same attempt's timeout; any other failure comes back to call(), which fails over.
                .retryOnConnectionFailure(true)
                .build();
        BrokerRoutes routes = new BrokerRoutes(brokers.size(), b.clock, b.cooldown, b.maxCooldown, b.failbackAfter);
        BrokerProber prober = b.probeInterval.isZero() ? null : BrokerProber.start(client, brokers, routes, b.probeInterval, b.deadline);
        return new Routing(brokers, client, routes, prober, tlsProvider);
    }

    /**
     * Replaces the brokers tried, in order (a profile pushed from the centre carries the list):
     * calls from now on use the new list, with fresh breakers, the same TLS trust, client
     * certificate and pins; each open push channel moves to the new list at once. False when the
     * list is the one in use (nothing changes). A bad URL is one line (IllegalArgumentException)
     * and the list in use is kept.
     */
    public boolean replaceBrokers(List<String> baseUrls) {
        List<HttpUrl> parsed = new ArrayList<>();
        for (String u : baseUrls) {
            HttpUrl url = HttpUrl.parse(Objects.requireNonNull(u, "broker URL"));
            if (url == null) throw new IllegalArgumentException("broker URL '" + u + "' is not an http(s) URL");
            parsed.add(url);
        }
        if (parsed.isEmpty()) throw new IllegalArgumentException("the broker list is empty: at least one broker is needed");
        Routing old;
        synchronized (this) {
            old = routing;
            if (old.brokers().equals(parsed)) return false;
            routing = routing(List.copyOf(parsed));
        }
        if (old.prober() != null) old.prober().close();
        log.info("broker list replaced: {} -> {}", old.brokers(), parsed);
        for (WebSocketPushChannel c : channels) c.brokersReplaced();
        return true;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The TLS implementation in use ("Conscrypt", "SunJSSE"), or "none" when every broker is plain http. */
    public String tlsProvider() {
        return routing.tlsProvider();
    }

    /** The brokers in the order they are tried. */
    public List<String> brokers() {
        return routing.brokers().stream().map(HttpUrl::toString).toList();
    }

    /**
     * Announces this endpoint (POST {@value BrokerApi#ENDPOINTS}). Idempotent: safe to repeat
     * at every start.
     *
     * @throws BrokerUnavailableException no broker answered
     * @throws BrokerRejectedException the broker refused the registration
     */
    public void register(EndpointRegistration registration) throws BrokerException {
        call(BrokerApi.ENDPOINTS, registration, null);
    }

    /**
     * Redeems a one-time enrolment code for a client certificate (POST {@value BrokerApi#ENROLMENTS});
     * needs no client certificate. Not retried on another broker after a refusal: a code is single use.
     *
     * @throws BrokerUnavailableException no broker answered
     * @throws BrokerRejectedException the code or the CSR was refused (one line, never the code)
     */
    public org.rounds.broker.api.EnrolmentAnswer enrol(org.rounds.broker.api.EnrolmentRequest request) throws BrokerException {
        return call(BrokerApi.ENROLMENTS, request, org.rounds.broker.api.EnrolmentAnswer.class);
    }

    /** POST {@value BrokerApi#TAPS}. See {@link BrokerCalls#tap} for what failures mean. */
    @Override
    public TapDecision tap(TapRequest request) throws BrokerException {
        return call(BrokerApi.TAPS, request, TapDecision.class);
    }

    /** POST {@value BrokerApi#RECONNECT}. See {@link BrokerCalls#reconnect}. */
    @Override
    public TapDecision reconnect(ReconnectRequest request) throws BrokerException {
        return call(BrokerApi.RECONNECT, request, TapDecision.class);
    }

    @Override
    public TapDecision enterPin(PinEntry entry) throws BrokerException {
        return call(BrokerApi.PINS, entry, TapDecision.class);
    }

    @Override
    public TapDecision passwordLogin(PasswordLogin login) throws BrokerException {
        return call(BrokerApi.LOGINS, login, TapDecision.class);
    }

    @Override
    public TapDecision kioskSession(KioskRequest request) throws BrokerException {
        return call(BrokerApi.KIOSK_SESSIONS, request, TapDecision.class);
    }

    @Override
    public TapDecision logoff(LogoffRequest request) throws BrokerException {
        return call(BrokerApi.LOGOFF, request, TapDecision.class);
    }

    /** POST {@value BrokerApi#IDLE_LOCKS}, failing over like every call. See {@link BrokerCalls#idleLock}. */
    @Override
    public void idleLock(IdleLockReport report) throws BrokerException {
        call(BrokerApi.IDLE_LOCKS, report, null);
    }

    /**
     * Every broker's health as this endpoint sees it now (probes and calls), in the configured
     * order: for the lock screen and {@code rounds doctor}.
     */
    public List<BrokerStatus> statuses() {
        Routing r = routing;
        int current = r.routes().current();
        List<BrokerStatus> out = new java.util.ArrayList<>(r.brokers().size());
        for (int i = 0; i < r.brokers().size(); i++) {
            out.add(new BrokerStatus(r.brokers().get(i).toString(), !r.routes().isOpen(i), i == current));
        }
        return out;
    }

    /**
     * Opens the push channel of {@code endpointId} (WebSocket at {@link BrokerApi#pushPath}),
     * connecting in the background to the broker the routes prefer and, whenever it drops,
     * reconnecting with backoff to the healthiest other one. Close the returned channel to stop it.
     */
    public PushChannel openPush(String endpointId, PushListener listener) {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(listener, "listener");
        WebSocketPushChannel channel = WebSocketPushChannel.open(() -> routing, endpointId, listener, pushBackoff, channels::remove);
        channels.add(channel);
        return channel;
    }

    /** Stops the client's threads and idle connections if it made its own OkHttpClient. */
    @Override
    public void close() {
        Routing r = routing;
        if (r.prober() != null) r.prober().close();
        if (!ownsHttp) return;
        r.http().dispatcher().executorService().shutdown();
        r.http().connectionPool().evictAll();
    }

    /**
     * Sends {@code body} to the brokers in route order until one answers, all within the call
     * deadline: a 4xx refusal is final; an unreachable, failing (5xx) or silent broker opens its
     * breaker and the next one is tried with what is left of the deadline. Null type = no body expected.
     */
    private <T> T call(String path, Object body, Class<T> answerType) throws BrokerException {
        byte[] json = toJson(body);
        List<BrokerUnavailableException> failures = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        Routing r = routing;
        BrokerRoutes routes = r.routes();
        List<HttpUrl> brokers = r.brokers();
        List<Integer> order = routes.order();
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            long left = (end - System.nanoTime()) / 1_000_000;
            // An even share of what is left for each broker still untried, so one silent broker cannot use it all.
            long budget = Math.max(MIN_ATTEMPT_MS, left / shares(routes, order, k));
            if (left < MIN_ATTEMPT_MS / 2) break;
            try {
                T answer = callOne(r.http(), brokers.get(i), path, json, answerType, Math.min(budget, left));
                routes.succeeded(i);
                return answer;
            } catch (BrokerUnavailableException e) {
                // A broker over capacity (503 with Retry-After) is alive: skip it for as long as it asked,
                // not for a dead broker's growing cooldown, and ask the next one now, within this call.
                if (e.retryAfter().isPresent()) routes.busy(i, e.retryAfter().get());
                else routes.failed(i);
                log.warn("{}", e.getMessage());
                failures.add(e); // only unavailability moves on; a refusal propagates as is
            }
        }
        if (failures.isEmpty()) {
            throw new BrokerUnavailableException(brokers.get(order.get(0)).toString(),
                    "no broker answered within " + deadline.toMillis() + " ms", null);
        }
        BrokerUnavailableException last = failures.get(failures.size() - 1);
        for (int j = 0; j < failures.size() - 1; j++) last.addSuppressed(failures.get(j));
        throw last;
    }

    /**
     * Into how many shares what is left of the deadline is split at the {@code k}-th try: this
     * broker and the untried ones that may answer as well. A broker whose breaker is open (it just
     * refused or failed) takes no share from one whose breaker is closed: with one of two brokers
     * down, the live one gets the whole deadline, not half of it while the dead one's half goes
     * to a refused connect (a tap storm after a broker kill timed out at 1 s instead of 2).
     */
    private static int shares(BrokerRoutes routes, List<Integer> order, int k) {
        boolean thisOneOpen = routes.isOpen(order.get(k));
        int shares = 1;
        for (int j = k + 1; j < order.size(); j++) if (thisOneOpen || !routes.isOpen(order.get(j))) shares++;
        return shares;
    }

    /** The broker in use now (sticky; fails back to an earlier one after it has been stable). */
    public String currentBroker() {
        Routing r = routing;
        return r.brokers().get(r.routes().current()).toString();
    }

    private <T> T callOne(OkHttpClient http, HttpUrl broker, String path, byte[] json, Class<T> answerType, long timeoutMs)
            throws BrokerException {
        HttpUrl url = resolve(broker, path);
        Request request = new Request.Builder().url(url).post(RequestBody.create(json, BrokerJson.JSON))
                .header(BrokerApi.DEADLINE_HEADER, Long.toString(timeoutMs)).build();
        String name = broker.toString();
        okhttp3.Call call = http.newCall(request);
        call.timeout().timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            ResponseBody responseBody = response.body();
            byte[] bytes = responseBody == null ? new byte[0] : responseBody.bytes();
            int code = response.code();
            if (code >= 400 && code < 500) {
                throw new BrokerRejectedException(name, code, "broker " + name + " refused " + path
                        + " (HTTP " + code + "): " + errorText(bytes));
            }
            if (code >= 500 || code < 200 || code >= 300) {
                throw new BrokerUnavailableException(name, "broker " + name + " unavailable: HTTP " + code
                        + " from " + path + ": " + errorText(bytes), null, code == 503 ? retryAfter(response) : null);
            }
            if (answerType == null) return null;
            try {
                return BrokerJson.MAPPER.readValue(bytes, answerType);
            } catch (IOException e) {
                throw new BrokerUnavailableException(name, "broker " + name + " sent an unreadable answer to "
                        + path + ": " + OneLine.withRootCause(e), e);
            }
        } catch (BrokerException e) {
            throw e;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // a pin mismatch: this broker's certificate is not the site's; refuse it, say so, never retry unpinned
            throw new BrokerUnavailableException(name, "broker " + name + " refused: its certificate matches none of the "
                    + "configured pins (" + OneLine.withRootCause(e) + ")", e);
        } catch (InterruptedIOException e) {
            throw new BrokerUnavailableException(name, "broker " + name + " unavailable: timed out", e);
        } catch (IOException e) {
            throw new BrokerUnavailableException(name, "broker " + name + " unavailable: " + OneLine.withRootCause(e), e);
        }
    }

    /** A 503's Retry-After in seconds (RFC 9110 10.2.3; the broker never sends the date form), or null. */
    private static Duration retryAfter(Response response) {
        String value = response.header("Retry-After");
        if (value == null || !value.strip().matches("[0-9]{1,6}")) return null;
        return Duration.ofSeconds(Long.parseLong(value.strip()));
    }

    static HttpUrl resolve(HttpUrl broker, String path) {
        // Brokers may sit under a prefix (https://host/rounds/): keep it, drop a trailing slash.
        String prefix = broker.encodedPath().endsWith("/")
                ? broker.encodedPath().substring(0, broker.encodedPath().length() - 1)
                : broker.encodedPath();
        return broker.newBuilder().encodedPath(prefix + path).build();
    }

    static byte[] toJson(Object body) {
        try {
            return BrokerJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The broker's ApiError text, or a short excerpt of whatever it sent instead. */
    static String errorText(byte[] body) {
        try {
            ApiError error = BrokerJson.MAPPER.readValue(body, ApiError.class);
            if (error != null && error.error() != null && !error.error().isBlank()) return firstLine(error.error());
        } catch (IOException ignored) {
            // not an ApiError: fall through to the raw excerpt
        }
        String raw = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (raw.isEmpty()) return "no error text";
        return firstLine(raw.length() > 200 ? raw.substring(0, 200) + "…" : raw);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl).strip();
    }

    /** Settings for a {@link BrokerClient}; every setter names its default. */
    public static final class Builder {
        private final List<HttpUrl> brokers = new ArrayList<>();
        private OkHttpClient http;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(5);
        private Duration callTimeout = Duration.ofSeconds(8);
        private Duration pingInterval = Duration.ofSeconds(15);
        private Duration pushBackoffInitial = Duration.ofMillis(500);
        private Duration pushBackoffMax = Duration.ofSeconds(15);
        private boolean preferConscrypt = true;
        private X509TrustManager trust;
        private Duration deadline = Duration.ofSeconds(2);
        private Duration probeInterval = Duration.ofSeconds(2);
        private Duration cooldown = Duration.ofSeconds(5);
        private Duration maxCooldown = Duration.ofSeconds(60);
        private Duration failbackAfter = Duration.ofSeconds(30);
        private java.time.Clock clock = java.time.Clock.systemUTC();

        /** Bound on one call across every broker (tap, register). Default 2 s: a clinician waits no longer. */
        public Builder deadline(Duration d) {
            this.deadline = positive(d, "deadline");
            return this;
        }

        /** How often each broker's /health/ready is probed, ±20 % jitter; zero turns probing off. Default 2 s. */
        public Builder probeInterval(Duration d) {
            if (d.isNegative()) throw new IllegalArgumentException("probeInterval must not be negative");
            this.probeInterval = d;
            return this;
        }

        /**
         * Circuit breaker: a failed broker is skipped for {@code cooldown}, doubling with each failure in a
         * row up to {@code max}; the endpoint fails back to an earlier broker once it has been healthy for
         * {@code failbackAfter}. Defaults 5 s, 60 s, 30 s.
         */
        public Builder breaker(Duration cooldown, Duration max, Duration failbackAfter) {
            this.cooldown = positive(cooldown, "cooldown");
            this.maxCooldown = positive(max, "max");
            this.failbackAfter = positive(failbackAfter, "failbackAfter");
            return this;
        }

        /** Time for the breakers. Default the system clock. */
        public Builder clock(java.time.Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        private Builder() {}

        /** Adds a broker base URL (http or https), tried after those added before. At least one. */
        public Builder broker(String baseUrl) {
            HttpUrl url = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
            if (url == null) throw new IllegalArgumentException("broker URL '" + baseUrl + "' is not an http(s) URL");
            brokers.add(url);
            return this;
        }

        /** Replaces the broker list; tried in this order. */
        public Builder brokers(List<String> baseUrls) {
            brokers.clear();
            baseUrls.forEach(this::broker);
            return this;
        }

        /**
         * Shares another OkHttpClient's connection pool and dispatcher (its timeouts are
         * overridden by this builder's). Default: a client of our own, stopped by close().
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return this;
        }

        /** TCP connect timeout per broker. Default 2 s: a broker on the LAN answers in ms, and the next one waits. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Longest silence while reading or writing one answer. Default 5 s. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /** Bound on one whole call to one broker. Default 8 s. */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        /** WebSocket ping interval: a dead push channel is noticed within about this. Default 15 s. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive(interval, "pingInterval");
            return this;
        }

        /** Push reconnect delays: {@code initial}, doubling up to {@code max}. Default 500 ms .. 15 s. */
        public Builder pushBackoff(Duration initial, Duration max) {
            this.pushBackoffInitial = positive(initial, "push backoff initial");
            this.pushBackoffMax = positive(max, "push backoff max");
            return this;
        }

        /**
         * Whether https brokers are spoken to with Conscrypt (BoringSSL: TLS 1.3, faster
         * handshakes) when it loads on this platform. Default true; without it, or with false,
         * the JDK's TLS is used. Conscrypt is never installed as a JVM-wide provider.
         */
        public Builder preferConscrypt(boolean prefer) {
            this.preferConscrypt = prefer;
            return this;
        }

        /**
         * Trust for https brokers, e.g. the hospital's private CA. Default: the JDK's trust
         * store (cacerts, or the javax.net.ssl.trustStore system property).
         */
        private List<String> pins = List.of();

        public Builder trustManager(X509TrustManager trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /**
         * Pins the https brokers' certificates: each pin is {@code sha256/<base64 of the SubjectPublicKeyInfo
         * hash>} (OkHttp's form); a broker whose chain holds none is refused.
         */
        public Builder pins(List<String> pins) {
            for (String pin : pins) {
                if (!pin.matches("sha256/[A-Za-z0-9+/]{43}=")) {
                    throw new IllegalArgumentException("certificate pin '" + pin + "' is not sha256/<44 base64 characters>");
                }
            }
            this.pins = List.copyOf(pins);
            return this;
        }

        private javax.net.ssl.X509KeyManager keys;

        /**
         * Presents the endpoint's client certificate to https brokers (mutual TLS, REST and push):
         * {@code keyPem} is its PKCS#8 key ({@code endpoint-key.pem}), {@code certificatePem} the
         * chain the broker CA issued at enrolment ({@code endpoint.pem}). Default: none, which an
         * HTTPS broker answers with 401 on every endpoint route. One line naming a file that cannot be read.
         */
        public Builder clientCertificate(java.nio.file.Path keyPem, java.nio.file.Path certificatePem) {
            this.keys = ClientCertificate.keyManager(keyPem, certificatePem);
            return this;
        }

        /** Trusts the CA certificates in a PEM file (the hospital's private CA) instead of the JDK's. */
        public Builder caFile(java.nio.file.Path pem) {
            return trustManager(BrokerTls.trustFrom(pem));
        }

        public BrokerClient build() {
            if (brokers.isEmpty()) throw new IllegalStateException("no broker URL configured: add at least one with broker(url)");
            return new BrokerClient(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive, was " + d);
            return d;
        }
    }

}
