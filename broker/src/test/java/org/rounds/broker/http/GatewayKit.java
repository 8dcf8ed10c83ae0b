package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.testpeers.PemTrust;

/**
 * Real certificates for the remote-access tests: a gateway, a desktop host and endpoints each
 * enrolled through the broker's own routes with a code from its store, their keys written for
 * a TLS client; and requests sent with one of them (or none) and chosen headers.
 */
final class GatewayKit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayKit() {}

    /** POST {@code path} with {@code body}, presenting {@code tls}'s client certificate, with headers given as name, value, ... */
    static HttpResponse<String> post(SSLContext tls, Broker broker, String path, String body, String... headers) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(broker.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) r.header(headers[i], headers[i + 1]);
        return c.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The enrolment answer for {@code code} and a CSR of {@code key} at {@code path}, with no client certificate. */
    static HttpResponse<String> enrol(Broker broker, Path ca, String path, String code, KeyPair key, String name) throws Exception {
        Map<String, String> body = new LinkedHashMap<>(Map.of("code", code, "csr", HostEnrolmentTest.csr(key)));
        if (name != null) body.put("name", name);
        return post(PemTrust.only(ca), broker, path, JSON.writeValueAsString(body));
    }

    /** Enrols gateway {@code name} (a code from the store, then its route); a TLS context presenting its certificate. */
    static SSLContext gateway(Broker broker, Path ca, String name, Path dir) throws Exception {
        return enrolled(broker, ca, BrokerApi.GATEWAY_ENROLMENTS, broker.admin().addGateway(name), name, dir);
    }

    /** Enrols desktop host {@code name}; a TLS context presenting its certificate. */
    static SSLContext host(Broker broker, Path ca, String name, Path dir) throws Exception {
        return enrolled(broker, ca, BrokerApi.HOST_ENROLMENTS, broker.admin().addHost(name, ""), name, dir);
    }

    /** Enrols endpoint {@code id} as a real endpoint does ({@link Enrolment}); a TLS context presenting its certificate. */
    static SSLContext endpoint(Broker broker, Path ca, String id, String kind, Path dir) throws Exception {
        String code = broker.admin().addEndpoint(id, kind, "Ward 4");
        try (BrokerClient client = BrokerClient.builder().deadline(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(20)).callTimeout(Duration.ofSeconds(30)).broker(broker.baseUrl()).caFile(ca).build()) {
            assertThat(Enrolment.enrol(client, code, dir.resolve(id))).isEqualTo(id);
        }
        SSLContext tls = PemTrust.withClientCertificate(ca, dir.resolve(id).resolve(Enrolment.KEY_FILE),
                dir.resolve(id).resolve(Enrolment.CERTIFICATE_FILE));
        HttpResponse<String> registered = post(tls, broker, BrokerApi.ENDPOINTS,
                "{\"endpointId\":\"" + id + "\",\"kind\":\"" + kind + "\",\"location\":\"Ward 4\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(204);
        return tls;
    }

    private static SSLContext enrolled(Broker broker, Path ca, String path, String code, String name, Path dir) throws Exception {
        KeyPair key = HostEnrolmentTest.ecKey();
        HttpResponse<String> r = enrol(broker, ca, path, code, key, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Path keyFile = dir.resolve(name + "-key.pem"), certFile = dir.resolve(name + ".pem");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(certFile, JSON.readTree(r.body()).path("certificate").asText());
        return PemTrust.withClientCertificate(ca, keyFile, certFile);
    }
}
