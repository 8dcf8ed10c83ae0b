package org.rounds.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.testpeers.PemTrust;
import org.rounds.testpeers.SelfSigned;

/** The gateway's identity toward brokers (enrolment with a one-time code) and its public port's TLS. */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EnrolmentAndTlsTest {
    @TempDir static Path dir;
    static FakeBroker broker;
    static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        TestCa ca = new TestCa();
        caFile = ca.write(dir.resolve("broker-ca.pem"));
        broker = new FakeBroker(ca);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aFirstStartEnrolsWithTheCodeKeepsAPrivateKeyAndLaterStartsNeedNoCode() throws Exception {
        GatewayFiles files = new GatewayFiles(dir.resolve("first"));
        List<String> said = new ArrayList<>();
        String name = GatewayEnrolment.ensure(List.of(URI.create(broker.url())), caFile, files, broker.code("dmz-1"), said::add);
        assertThat(name).isEqualTo("dmz-1");
        assertThat(said).singleElement().asString().startsWith("gateway dmz-1 enrolled with broker " + broker.url());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.dir()))).isEqualTo("rwx------");
        X509Certificate cert = Keys.certificates(files.certificate(), "certificate").get(0);
        assertThat(cert.getSubjectAlternativeNames()).anySatisfy(san -> assertThat(san.get(1)).isEqualTo("urn:rounds:gateway:dmz-1"));
        assertThat(Files.list(files.dir()).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder(GatewayFiles.KEY, GatewayFiles.CERTIFICATE, GatewayFiles.BROKER_CA);

        said.clear();
        assertThat(GatewayEnrolment.ensure(List.of(URI.create(broker.url())), caFile, files, null, said::add)).isEqualTo("dmz-1");
        assertThat(said).isEmpty();
    }

    @Test
    void aRefusedCodeOrNoCodeIsOneLineAndLeavesNothingBehind() {
        GatewayFiles files = new GatewayFiles(dir.resolve("refused"));
        assertThatThrownBy(() -> GatewayEnrolment.ensure(List.of(URI.create(broker.url())), caFile, files, "code-nobody-issued", s -> {}))
                .isInstanceOf(GatewayException.class)
                .hasMessage("broker " + broker.url() + "/ refused the enrolment code (HTTP 403): enrolment code unknown or used: ask for a new one "
                        + "with 'rounds broker gateways add NAME'");
        assertThat(files.enrolled()).isFalse();
        assertThat(files.key()).doesNotExist();
        assertThatThrownBy(() -> GatewayEnrolment.ensure(List.of(URI.create(broker.url())), caFile, files, null, s -> {}))
                .hasMessage(GatewayEnrolment.notEnrolled(files));
        assertThatThrownBy(() -> Gateway.builder().brokers(List.of(URI.create(broker.url()))).brokerCa(caFile).data(files.dir()).build())
                .isInstanceOf(GatewayException.class).hasMessage(GatewayEnrolment.notEnrolled(files));
    }

    @Test
    void thePublicPortSpeaksTls13OnlyWithTheSitesCertificateWhenGiven() throws Exception {
        Path data = dir.resolve("site");
        GatewayEnrolment.ensure(List.of(URI.create(broker.url())), caFile, new GatewayFiles(data), broker.code("dmz-2"), s -> {});
        KeyStore site = SelfSigned.keyStore("site", "gateway.hospital.example", "pw".toCharArray(), "127.0.0.1");
        Path cert = dir.resolve("public.pem"), key = dir.resolve("public-key.pem");
        Files.writeString(cert, Keys.pem(site.getCertificate("site")));
        Files.writeString(key, Keys.pem(site.getKey("site", "pw".toCharArray())));
        try (Gateway g = Gateway.builder().bind("127.0.0.1").port(0).brokers(List.of(URI.create(broker.url()))).brokerCa(caFile).data(data)
                .tls(cert, key).build().start()) {
            SSLContext trustSite = PemTrust.only(cert);
            try (SSLSocket s = (SSLSocket) trustSite.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), g.port())) {
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
                assertThat(((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName())
                        .isEqualTo("CN=gateway.hospital.example");
            }
            try (SSLSocket old = (SSLSocket) trustSite.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), g.port())) {
                old.setEnabledProtocols(new String[] {"TLSv1.2"});
                assertThatThrownBy(old::startHandshake).as("TLS 1.2 refused").isInstanceOf(javax.net.ssl.SSLException.class);
            }
        }
        assertThat(data.resolve(GatewayFiles.DEV_TLS)).as("no development certificate made beside a site's").doesNotExist();
    }

    @Test
    void aWrongTlsKeyIsOneLineNamingBothFiles() throws Exception {
        Path data = dir.resolve("wrong-key");
        GatewayEnrolment.ensure(List.of(URI.create(broker.url())), caFile, new GatewayFiles(data), broker.code("dmz-3"), s -> {});
        KeyStore a = SelfSigned.keyStore("a", "a", "pw".toCharArray()), b = SelfSigned.keyStore("b", "b", "pw".toCharArray());
        Path cert = dir.resolve("a.pem"), key = dir.resolve("b-key.pem");
        Files.writeString(cert, Keys.pem(a.getCertificate("a")));
        Files.writeString(key, Keys.pem(b.getKey("b", "pw".toCharArray())));
        assertThatThrownBy(() -> Gateway.builder().bind("127.0.0.1").port(0).brokers(List.of(URI.create(broker.url()))).brokerCa(caFile)
                .data(data).tls(cert, key).build())
                .hasMessage(key + " is not the key of the certificate in " + cert + ": give the pair that belongs together");
    }
}
