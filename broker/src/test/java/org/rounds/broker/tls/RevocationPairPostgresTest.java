package org.rounds.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.takeover.Fakes;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.PemTrust;
import org.rounds.testpeers.PostgresServer;

/**
 * Two HTTPS brokers on one PostgreSQL, given the same CA directory (as a site deploys the CA
 * files to every broker; the database never holds the CA key): an endpoint enrolled through one
 * is answered by both, and once revoked through either store is refused by both within 1 s.
 */
@Tag("peer")
@Timeout(120)
class RevocationPairPostgresTest {
    @Test
    void aRevokedEndpointIsRefusedWithinASecondOnEveryBrokerOfAPair(@TempDir Path dir) throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("pair");
            String url = "postgresql://" + pg.user() + "@127.0.0.1:" + pg.port() + "/pair";
            Path caDir = dir.resolve("shared-ca");
            Path keyFile = dir.resolve("broker.key");   // brokers sharing a database share its key file, as they share the CA
            org.rounds.broker.auth.KeyFile.create(keyFile);
            try (Broker a = start(url, keyFile, dir.resolve("a"), caDir); Broker b = start(url, keyFile, dir.resolve("b"), caDir)) {
                Path ca = caDir.resolve("dev-ca.pem");
                String code = a.admin().addEndpoint("cart-1", "cart", "ER");
                try (BrokerClient client = EndpointCertificateTest.patient().broker(b.baseUrl()).caFile(ca).build()) {
                    assertThat(Enrolment.enrol(client, code, dir.resolve("cart-1"))).isEqualTo("cart-1");   // the code from a, redeemed at b
                }
                SSLContext cart1 = PemTrust.withClientCertificate(ca, dir.resolve("cart-1").resolve(Enrolment.KEY_FILE),
                        dir.resolve("cart-1").resolve(Enrolment.CERTIFICATE_FILE));
                for (Broker each : List.of(a, b)) assertThat(tapStatus(cart1, each)).isEqualTo(200);
                try (StoreAdmin admin = Broker.admin(url, keyFile)) {   // as 'rounds broker endpoints revoke --db URL' does
                    assertThat(admin.revokeEndpoint("cart-1")).isTrue();
                }
                long revoked = System.nanoTime();
                for (Broker each : List.of(a, b)) {
                    Await.until(Duration.ofSeconds(3), "cart-1 to be refused by " + each.baseUrl(), () -> tapStatus(cart1, each) == 403);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
                assertThat(Files.list(caDir).map(p -> p.getFileName().toString())).contains("dev-ca.p12", "dev-ca.pem");
            }
        }
    }

    private static Broker start(String url, Path keyFile, Path data, Path caDir) {
        Broker b = Broker.builder().database(url).keyFile(keyFile).dataDir(data).port(0).tls(TlsSettings.devCa().caDirectory(caDir))
                .desktops(new Fakes.Pool(new Fakes.Journal())).build();
        b.start();
        return b;
    }

    private static int tapStatus(SSLContext tls, Broker broker) throws Exception {
        return EndpointCertificateTest.post(tls, broker.baseUrl(), BrokerApi.TAPS,
                EndpointCertificateTest.tap("cart-1", "t-" + System.nanoTime())).statusCode();
    }
}
