package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.store.Hosts;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.rounds.broker.tls.BrokerCa;
import org.rounds.broker.tls.TlsSettings;
import org.rounds.testpeers.PemTrust;

/**
 * Desktop hosts enrolling against an HTTPS broker (POST {@value BrokerApi#HOST_ENROLMENTS}) with
 * codes from {@code broker.admin().addHost}, and {@link HostIdentity} telling a host's certificate
 * from an endpoint's and from one another CA issued. Every refusal is one line that stores nothing.
 */
@Tag("unit")
@Timeout(60)
class HostEnrolmentTest {
    private static final String REFUSED = "{\"error\":\"host enrolment code is unknown, already used or expired: "
            + "ask an admin for a new one ('rounds broker hosts add')\"}";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path data;
    @TempDir static Path files;
    private static final Duration[] ahead = {Duration.ZERO};
    /** The real time (TLS checks certificates against it), moved ahead when a test says so. */
    private static final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(ahead[0]); }
    };
    static Broker broker;
    static Path ca;

    @BeforeAll
    static void start() {
        broker = Broker.builder().dataDir(data).port(0).clock(clock).tls(TlsSettings.devCa())
                .desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        ca = broker.devCaCertificate().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String csr(KeyPair key) throws Exception {
        String algorithm = key.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return BrokerCa.pem(new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=whoever"), key.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate())));
    }

    static HttpResponse<String> enrol(String code, String csr, String name) throws Exception {
        Map<String, String> body = new java.util.LinkedHashMap<>(Map.of("code", code, "csr", csr));
        if (name != null) body.put("name", name);
        HttpClient c = HttpClient.newBuilder().sslContext(PemTrust.only(ca)).connectTimeout(Duration.ofSeconds(10)).build();
        return c.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + BrokerApi.HOST_ENROLMENTS)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Enrols host {@code name} and writes its key (PKCS#8) and certificate for a TLS client; returns the certificate. */
    static X509Certificate enrolled(String name) throws Exception {
        String code = broker.admin().addHost(name, "north");
        KeyPair key = ecKey();
        HttpResponse<String> r = enrol(code, csr(key), name);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        X509Certificate cert = certificate(JSON.readTree(r.body()).path("certificate").asText());
        Files.writeString(files.resolve(name + "-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(files.resolve(name + ".pem"), BrokerCa.pem(cert));
        return cert;
    }

    private static List<Map<String, String>> rows(String table, String host) throws Exception {
        String column = table.equals("hosts") ? "name" : "host_name";
        return Rows.all(broker.database(), table).stream().filter(r -> host.equals(r.get(column))).toList();
    }

    @Test
    void aHostTradesItsCodeOnceForACertificateNamingItForClientAndServerUseForAYear() throws Exception {
        String code = broker.admin().addHost("host-a", "north");
        assertThat(rows("hosts", "host-a").get(0).get("code_hash")).hasSize(64).doesNotContainIgnoringCase(code);
        String csr = csr(ecKey());
        HttpResponse<String> r = enrol(code, csr, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("name").asText()).isEqualTo("host-a");
        assertThat(answer.path("caCertificate").asText()).isEqualTo(Files.readString(ca));
        X509Certificate cert = certificate(answer.path("certificate").asText());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=host-a");
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(6, "urn:rounds:host:host-a"));
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(365), Duration.ofDays(366));
        cert.verify(certificate(Files.readString(ca)).getPublicKey());
        assertThat(rows("host_certificates", "host-a")).singleElement()
                .satisfies(row -> assertThat(row.get("serial")).isEqualTo(cert.getSerialNumber().toString(16)));
        assertThat(rows("hosts", "host-a").get(0)).containsEntry("status", "enrolled").containsEntry("code_hash", null);

        HttpResponse<String> again = enrol(code, csr(ecKey()), null);
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).isEqualTo(REFUSED).doesNotContain(code);
        assertThat(rows("host_certificates", "host-a")).as("nothing more stored").hasSize(1);
        assertThat(Rows.all(broker.database(), "audit")).extracting(a -> a.get("detail")).noneMatch(d -> d.contains(code));
    }

    @Test
    void anExpiredCodeIsRefusedAndTheHostStaysPending() throws Exception {
        String code = broker.admin().addHost("host-late", "");
        ahead[0] = Duration.ofHours(24).plusSeconds(1);
        try {
            HttpResponse<String> r = enrol(code, csr(ecKey()), null);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).isEqualTo(REFUSED);
        } finally {
            ahead[0] = Duration.ZERO;
        }
        assertThat(rows("host_certificates", "host-late")).isEmpty();
        assertThat(rows("hosts", "host-late").get(0)).containsEntry("status", "pending");
        assertThat(rows("hosts", "host-late").get(0).get("code_hash")).hasSize(64);
    }

    @Test
    void aCodeGivenForAnotherNameIsRefusedAndNotUsedUp() throws Exception {
        String code = broker.admin().addHost("host-b", "north");
        HttpResponse<String> r = enrol(code, csr(ecKey()), "host-c");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo(REFUSED);
        assertThat(rows("host_certificates", "host-b")).isEmpty();
        assertThat(rows("hosts", "host-b").get(0)).containsEntry("status", "pending");
        assertThat(rows("hosts", "host-c")).isEmpty();
        assertThat(enrol(code, csr(ecKey()), "host-b").statusCode()).as("still the host's own code").isEqualTo(200);
    }

    @Test
    void aBadOrWeakRequestIsRefusedBeforeTheCodeIsLookedAt() throws Exception {
        String code = broker.admin().addHost("host-weak", "");
        HttpResponse<String> garbage = enrol(code, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", null);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).isEqualTo("{\"error\":\"csr is not a PEM certificate request\"}");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        HttpResponse<String> weak = enrol(code, csr(rsa.generateKeyPair()), null);
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).isEqualTo("{\"error\":\"csr key must be RSA of 2048 bits or more, or EC on P-256 or P-384\"}");
        assertThat(rows("host_certificates", "host-weak")).isEmpty();
        assertThat(rows("hosts", "host-weak").get(0)).containsEntry("status", "pending");
        assertThat(enrol(code, csr(ecKey()), null).statusCode()).as("the code was not used up").isEqualTo(200);
    }

    @Test
    void anUnknownCodeIsTheSameRefusal() throws Exception {
        HttpResponse<String> r = enrol("ABCDEFGHJKMNPQRSTUVWXYZ234", csr(ecKey()), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo(REFUSED);
    }

    @Test
    void theHostCheckNamesAnEnrolledHostAndRefusesEverythingElseInOneLine() throws Exception {
        X509Certificate host = enrolled("host-id");
        HostIdentity identity = HostIdentity.byCertificate(new Hosts(broker.database()), certificate(Files.readString(ca)), clock);
        assertThat(identity.hostOf(new X509Certificate[] {host})).isEqualTo("host-id");
        assertThatThrownBy(() -> identity.hostOf(null)).isInstanceOf(Refused.class)
                .hasMessage(HostIdentity.NO_CERTIFICATE).extracting(e -> ((Refused) e).status).isEqualTo(401);
        assertThatThrownBy(() -> identity.hostOf(new X509Certificate[0])).extracting(e -> ((Refused) e).status).isEqualTo(401);

        // another CA's certificate copying the host's name, serial and SAN
        KeyPair foreignCa = ecKey();
        X509Certificate foreign = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Principal("CN=Rounds broker CA"), host.getSerialNumber(), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(1))), new X500Principal("CN=host-id"), host.getPublicKey())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:rounds:host:host-id")))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(foreignCa.getPrivate())));
        assertThatThrownBy(() -> identity.hostOf(new X509Certificate[] {foreign})).isInstanceOf(Refused.class)
                .hasMessage(HostIdentity.FOREIGN).extracting(e -> ((Refused) e).status).isEqualTo(403);

        ahead[0] = Duration.ofDays(367);
        try {
            assertThatThrownBy(() -> identity.hostOf(new X509Certificate[] {host})).hasMessage(HostIdentity.EXPIRED);
        } finally {
            ahead[0] = Duration.ZERO;
        }

        assertThat(broker.admin().revokeHost("host-id")).isTrue();
        HostIdentity fresh = HostIdentity.byCertificate(new Hosts(broker.database()), certificate(Files.readString(ca)), clock);
        assertThatThrownBy(() -> fresh.hostOf(new X509Certificate[] {host})).isInstanceOf(Refused.class)
                .hasMessage(HostIdentity.REVOKED).extracting(e -> ((Refused) e).status).isEqualTo(403);
    }

    @Test
    void anEndpointsCertificateIsNotAHostsAndAHostsIsNotAnEndpoints() throws Exception {
        X509Certificate host = enrolled("host-e");
        String code = broker.admin().addEndpoint("cart-e", "cart", "ER");
        KeyPair key = ecKey();
        HttpClient http = HttpClient.newBuilder().sslContext(PemTrust.only(ca)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + BrokerApi.ENROLMENTS))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("code", code, "csr", csr(key))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        X509Certificate endpoint = certificate(JSON.readTree(r.body()).path("certificate").asText());

        HostIdentity identity = HostIdentity.byCertificate(new Hosts(broker.database()), certificate(Files.readString(ca)), clock);
        assertThatThrownBy(() -> identity.hostOf(new X509Certificate[] {endpoint})).isInstanceOf(Refused.class)
                .hasMessage(HostIdentity.NOT_A_HOST).extracting(e -> ((Refused) e).status).isEqualTo(403);
        assertThat(identity.hostOf(new X509Certificate[] {host})).isEqualTo("host-e");
        assertThat(identity.host(host)).contains("host-e");
        assertThat(identity.host(endpoint)).as("as a function from certificate to host").isEmpty();

        // the host's certificate on an endpoint route, over TLS: the broker's endpoint check refuses it
        SSLContext asHost = PemTrust.withClientCertificate(ca, files.resolve("host-e-key.pem"), files.resolve("host-e.pem"));
        HttpResponse<String> tap = HttpClient.newBuilder().sslContext(asHost).build().send(
                HttpRequest.newBuilder(URI.create(broker.baseUrl() + BrokerApi.TAPS)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"endpointId\":\"host-e\",\"credential\":\"0451A2B3C4\",\"tapId\":\"t-host\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tap.statusCode()).isEqualTo(403);
        assertThat(tap.body()).isEqualTo("{\"error\":\"this endpoint certificate is revoked or unknown: enrol the endpoint again\"}");
    }

    @Test
    void aPlainHttpBrokerIssuesNoHostCertificate() throws Exception {
        try (Broker plain = Broker.builder().inMemory().port(0).desktops(new Fakes.Pool(new Fakes.Journal())).build()) {
            plain.start();
            String code = plain.admin().addHost("host-p", "");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain.baseUrl() + BrokerApi.HOST_ENROLMENTS))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            JSON.writeValueAsString(Map.of("code", code, "csr", csr(ecKey()))))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).isEqualTo("{\"error\":\"this broker serves plain HTTP and issues no certificates: "
                    + "enrol the host against an HTTPS broker\"}");
            assertThat(Rows.all(plain.database(), "hosts").get(0)).containsEntry("status", "pending");
        }
    }
}
