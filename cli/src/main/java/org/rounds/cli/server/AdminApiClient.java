package org.rounds.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.rounds.broker.api.BrokerApi;

/**
 * A logged-in admin session on a running broker's admin API. Every refusal is one line naming
 * the broker's answer; no message ever holds the password, the TOTP code or the session token.
 * Closing logs out.
 */
final class AdminApiClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final URI base;
    private final String token;

    private AdminApiClient(HttpClient http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    static AdminApiClient login(URI broker, Path ca, String name, String password, String totp) {
        URI base = URI.create(broker.toString().replaceAll("/+$", ""));
        if (!"https".equals(base.getScheme()) && !("http".equals(base.getScheme()) && loopback(base)))
            throw new IllegalArgumentException("--broker " + broker + ": use https:// (http:// only for a broker on this machine)");
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ca != null) b.sslContext(trusting(ca));
        HttpClient http = b.build();
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("name", name, "password", password, "totp", totp));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the login request", e);
        }
        JsonNode answer = send(http, request(base, "/sessions", null).POST(HttpRequest.BodyPublishers.ofString(body)), base);
        return new AdminApiClient(http, base, answer.path("token").asText());
    }

    /** PUT /users/{id}: creates or renames the user, with an optional badge, PIN and password. */
    void putUser(String id, Map<String, String> fields) {
        call("/users/" + id, "PUT", fields);
    }

    JsonNode users() {
        return call("/users", "GET", null);
    }

    void putKiosk(String endpointId, String userId, String displayName) {
        call("/kiosks/" + endpointId, "PUT", Map.of("userId", userId, "displayName", displayName));
    }

    /** POST /enrolments: the new endpoint's one-time enrolment code. */
    String addEndpoint(String endpointId, String kind, String location, String site) {
        return call("/enrolments", "POST", Map.of("endpointId", endpointId, "kind", kind, "location", location, "site", site))
                .path("enrolmentCode").asText();
    }

    /** DELETE /enrolments/{id}; false when the broker knows no such endpoint. */
    boolean revokeEndpoint(String endpointId) {
        return unless404(() -> call("/enrolments/" + endpointId, "DELETE", null));
    }

    /** POST /hosts: the new desktop host's one-time enrolment code. */
    String addHost(String name, String site) {
        return call("/hosts", "POST", Map.of("name", name, "site", site)).path("enrolmentCode").asText();
    }

    /** GET /hosts. */
    java.util.List<org.rounds.broker.store.Hosts.Listed> hosts() {
        return list("/hosts", org.rounds.broker.store.Hosts.Listed[].class, "hosts");
    }

    /** POST /hosts/{name}/drain or /undrain; false when the broker knows no such host. */
    boolean drainHost(String name, boolean drained) {
        return unless404(() -> call("/hosts/" + name + (drained ? "/drain" : "/undrain"), "POST", null));
    }

    /** DELETE /hosts/{name}; false when the broker knows no such host. */
    boolean revokeHost(String name) {
        return unless404(() -> call("/hosts/" + name, "DELETE", null));
    }

    /** POST /gateways: the new gateway's one-time enrolment code. */
    String addGateway(String name) {
        return call("/gateways", "POST", Map.of("name", name)).path("enrolmentCode").asText();
    }

    /** GET /gateways. */
    java.util.List<org.rounds.broker.store.Gateways.Listed> gateways() {
        return list("/gateways", org.rounds.broker.store.Gateways.Listed[].class, "gateways");
    }

    /** GET {@code path}, read as an array of {@code type}; one line naming the path otherwise. */
    private <T> java.util.List<T> list(String path, Class<T[]> type, String what) {
        JsonNode all = call(path, "GET", null);
        try {
            return java.util.Arrays.asList(JSON.treeToValue(all, type));
        } catch (IOException e) {
            throw new IllegalStateException("the broker at " + base + " answered GET " + path + " with something not a list of " + what);
        }
    }

    /** DELETE /gateways/{name}; false when the broker knows no such gateway. */
    boolean revokeGateway(String name) {
        return unless404(() -> call("/gateways/" + name, "DELETE", null));
    }

    /** POST /users/{id}/totp: the user's new otpauth URI. */
    String enrolTotp(String userId) {
        return call("/users/" + userId + "/totp", "POST", null).path("otpauthUri").asText();
    }

    /** PUT /users/{id}/outside. */
    void setOutside(String userId, boolean allowed) {
        call("/users/" + userId + "/outside", "PUT", Map.of("allowed", allowed));
    }

    /** GET /profiles: every profile at its newest version. */
    JsonNode profiles() {
        return call("/profiles", "GET", null);
    }

    /** GET /profiles/{name}: its newest version, assigned endpoints and history. */
    JsonNode profile(String name) {
        return call("/profiles/" + name, "GET", null);
    }

    /** PUT /profiles/{name} with the fields to change; the version written. */
    JsonNode setProfile(String name, Map<String, Object> fields) {
        return call("/profiles/" + name, "PUT", fields);
    }

    /** POST /profiles/{name}/assignments. */
    JsonNode assignProfile(String name, java.util.List<String> endpointIds) {
        return call("/profiles/" + name + "/assignments", "POST", Map.of("endpointIds", endpointIds));
    }

    /** POST /users/{id}/tap-enrolment: the arming's status. */
    JsonNode armTapEnrolment(String userId, String endpointId) {
        return call("/users/" + userId + "/tap-enrolment", "POST", Map.of("endpointId", endpointId));
    }

    /** GET /users/{id}/tap-enrolment. */
    JsonNode tapEnrolment(String userId) {
        return call("/users/" + userId + "/tap-enrolment", "GET", null);
    }

    /** DELETE /users/{id}/lockouts[?source=]: how many sources were cleared. */
    int unlock(String userId, String source) {
        String query = source == null ? "" : "?source=" + java.net.URLEncoder.encode(source, java.nio.charset.StandardCharsets.UTF_8);
        return call("/users/" + userId + "/lockouts" + query, "DELETE", null).path("cleared").asInt();
    }

    /** Whether {@code call} succeeded; false when the broker answered 404 (no such thing). */
    private static boolean unless404(Runnable call) {
        try {
            call.run();
            return true;
        } catch (IllegalStateException e) {
            if (e.getMessage().startsWith("the broker refused (404)")) return false;
            throw e;
        }
    }

    JsonNode enrolments() {
        return call("/enrolments", "GET", null);
    }

    JsonNode admins() {
        return call("/admins", "GET", null);
    }

    void disableAdmin(String name) {
        call("/admins/" + name + "/disable", "POST", null);
    }

    private JsonNode call(String path, String method, Object body) {
        try {
            HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            return send(http, request(base, path, token).method(method, p), base);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request to " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            http.send(request(base, "/sessions", token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the session expires on its own within 15 minutes
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }

    private static HttpRequest.Builder request(URI base, String path, String token) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + BrokerApi.ADMIN + path))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json");
        if (token != null) r.header("Authorization", "Bearer " + token);
        return r;
    }

    /** The JSON answer of a 2xx (null for 204); one line with the broker's error otherwise. */
    private static JsonNode send(HttpClient http, HttpRequest.Builder r, URI base) {
        HttpResponse<String> answer;
        try {
            answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the broker at " + base + ": " + e.getMessage()
                    + " (is it running? is --broker-ca the CA that signed its certificate?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the broker at " + base);
        }
        JsonNode json;
        try {
            json = answer.body().isEmpty() ? null : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("the broker at " + base + " answered " + answer.statusCode() + " with something not JSON");
        }
        if (answer.statusCode() / 100 == 2) return json;
        String why = json == null ? "no reason given" : json.path("error").asText("no reason given");
        throw new IllegalStateException("the broker refused (" + answer.statusCode() + "): " + why);
    }

    private static boolean loopback(URI u) {
        try {
            return u.getHost() != null && InetAddress.getByName(u.getHost()).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("ca-" + i++, c);
            if (i == 0) throw new IllegalArgumentException("--broker-ca " + pem + " holds no PEM certificate");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLSv1.3");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException e) {
            throw new IllegalArgumentException("--broker-ca " + pem + " cannot be read: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--broker-ca " + pem + " is not a PEM certificate: " + e.getMessage());
        }
    }
}
