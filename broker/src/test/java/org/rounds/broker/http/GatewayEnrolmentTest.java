package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.rounds.broker.tls.TlsSettings;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.PemTrust;

/**
 * Remote-access gateways enrolling against an HTTPS broker (POST {@value BrokerApi#GATEWAY_ENROLMENTS})
 * and {@link GatewayIdentity} on the gateway routes: only a gateway's certificate passes, not an
 * endpoint's, a host's or none; and the outside-source header means nothing from anyone else.
 */
@Tag("unit")
@Timeout(60)
class GatewayEnrolmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TUNNEL = "{\"ticket\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
    private static final String SIGN_IN = "{\"userId\":\"doctor\",\"password\":\"correct horse battery\",\"code\":\"123456\","
            + "\"deviceId\":\"home-mac\",\"tapId\":\"s-1\"}";
    @TempDir static Path data;
    @TempDir static Path files;
    static Broker broker;
    static Path ca;
    static SSLContext gateway, cart, host;

    @BeforeAll
    static void start() throws Exception {
        broker = Broker.builder().dataDir(data).port(0).tls(TlsSettings.devCa()).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        ca = broker.devCaCertificate().orElseThrow();
        broker.enroll("doctor", "Dr. Louis Martin", "04D0C70B01");
        broker.admin().setPassword("doctor", "correct horse battery");
        gateway = GatewayKit.gateway(broker, ca, "gw-1", files);
        cart = GatewayKit.endpoint(broker, ca, "cart-2", "cart", files);
        host = GatewayKit.host(broker, ca, "dh-1", files);
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    private static String error(String line) throws Exception {
        return JSON.writeValueAsString(Map.of("error", line));
    }

    @Test
    void aGatewayTradesItsCodeOnceForAClientCertificateNamingIt() throws Exception {
        String code = broker.admin().addGateway("gw-a");
        HttpResponse<String> r = GatewayKit.enrol(broker, ca, BrokerApi.GATEWAY_ENROLMENTS, code, HostEnrolmentTest.ecKey(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("name").asText()).isEqualTo("gw-a");
        assertThat(answer.path("caCertificate").asText()).isEqualTo(Files.readString(ca));
        X509Certificate cert = HostEnrolmentTest.certificate(answer.path("certificate").asText());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=gw-a");
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(6, "urn:rounds:gateway:gw-a"));
        assertThat(cert.getExtendedKeyUsage()).as("TLS client only").containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(Rows.all(broker.database(), "gateway_certificates")).filteredOn(x -> "gw-a".equals(x.get("gateway_name")))
                .singleElement().satisfies(x -> assertThat(x.get("serial")).isEqualTo(cert.getSerialNumber().toString(16)));
        assertThat(broker.admin().gateways()).filteredOn(g -> g.name().equals("gw-a")).singleElement()
                .satisfies(g -> assertThat(g.status()).isEqualTo("enrolled")).satisfies(g -> assertThat(g.certificates()).isEqualTo(1));

        HttpResponse<String> again = GatewayKit.enrol(broker, ca, BrokerApi.GATEWAY_ENROLMENTS, code, HostEnrolmentTest.ecKey(), null);
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).isEqualTo(error("gateway enrolment code is unknown, already used or expired: "
                + "ask an admin for a new one ('rounds broker gateways add')"));
        HttpResponse<String> hostsCode = GatewayKit.enrol(broker, ca, BrokerApi.GATEWAY_ENROLMENTS, broker.admin().addHost("dh-x", ""),
                HostEnrolmentTest.ecKey(), null);
        assertThat(hostsCode.statusCode()).as("a host's code is no gateway's").isEqualTo(403);
        assertThat(Rows.all(broker.database(), "audit")).extracting(a -> a.get("detail")).noneMatch(d -> d.contains(code));
    }

    @Test
    void theGatewayRoutesRefuseNoCertificateAnEndpointsAndAHosts() throws Exception {
        for (String path : List.of(BrokerApi.REMOTE_TUNNELS, BrokerApi.REMOTE_SIGN_INS, BrokerApi.REMOTE_RECONNECTS)) {
            String body = path.equals(BrokerApi.REMOTE_TUNNELS) ? TUNNEL : path.equals(BrokerApi.REMOTE_SIGN_INS) ? SIGN_IN
                    : "{\"endpointId\":\"home-mac\",\"userId\":\"doctor\",\"generation\":1,\"reconnectToken\":\"t\"}";
            HttpResponse<String> none = GatewayKit.post(PemTrust.only(ca), broker, path, body);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).isEqualTo(error(GatewayIdentity.NO_CERTIFICATE));
            for (SSLContext other : List.of(cart, host)) {
                HttpResponse<String> r = GatewayKit.post(other, broker, path, body, BrokerApi.OUTSIDE_SOURCE_HEADER, "203.0.113.7");
                assertThat(r.statusCode()).as(path).isEqualTo(403);
                assertThat(r.body()).isEqualTo(error(GatewayIdentity.NOT_A_GATEWAY));
            }
        }
        HttpResponse<String> byGateway = GatewayKit.post(gateway, broker, BrokerApi.REMOTE_TUNNELS, TUNNEL);
        assertThat(byGateway.statusCode()).as("the gateway passes: the ticket is what is unknown").isEqualTo(404);
        assertThat(byGateway.body()).isEqualTo(error("tunnel ticket is unknown, already used or expired: the device signs in again for a new one"));
        assertThat(Rows.all(broker.database(), "auth_failures")).extracting(r -> r.get("source"))
                .as("nothing was tried from outside").noneMatch(s -> s.startsWith("outside:"));
    }

    @Test
    void aRevokedGatewayIsRefusedWithinASecond() throws Exception {
        SSLContext gw = GatewayKit.gateway(broker, ca, "gw-old", files);
        assertThat(GatewayKit.post(gw, broker, BrokerApi.REMOTE_TUNNELS, TUNNEL).statusCode()).isEqualTo(404);
        assertThat(broker.admin().revokeGateway("gw-old")).isTrue();
        Await.until(Duration.ofSeconds(2), "the revoked gateway refused",
                () -> GatewayKit.post(gw, broker, BrokerApi.REMOTE_TUNNELS, TUNNEL).body().equals(error(GatewayIdentity.REVOKED)));
        assertThat(broker.admin().gateways()).extracting(g -> g.name()).doesNotContain("gw-old");
        assertThat(broker.admin().revokeGateway("gw-old")).as("revoked already").isFalse();
    }

    /** An endpoint writing the header is still counted, locked out and audited as itself. */
    @Test
    void anEndpointCannotChooseItsSourceWithTheOutsideSourceHeader() throws Exception {
        HttpResponse<String> login = GatewayKit.post(cart, broker, BrokerApi.LOGINS, "{\"endpointId\":\"cart-2\",\"userId\":\"doctor\","
                + "\"password\":\"a wrong guess\",\"tapId\":\"spoof-1\"}", BrokerApi.OUTSIDE_SOURCE_HEADER, "203.0.113.99");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("wrong user id or password");
        assertThat(Rows.all(broker.database(), "auth_failures")).extracting(r -> r.get("source")).containsOnly("cert:cart-2");
        assertThat(Rows.all(broker.database(), "audit")).extracting(r -> r.get("detail")).noneMatch(d -> d.contains("203.0.113.99"));
    }
}
