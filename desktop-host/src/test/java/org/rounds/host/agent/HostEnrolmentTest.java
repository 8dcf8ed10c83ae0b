package org.rounds.host.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host's first start against a broker's enrolment route (a fake one on HTTPS): the files it
 * keeps and their modes, the one line it prints, a second start without a code, and the one-line
 * refusals that leave nothing behind.
 */
@Tag("unit")
@Timeout(30)
class HostEnrolmentTest {
    @TempDir Path dir;
    @TempDir Path other;
    FakeEnrolmentBroker broker;
    Path ca;
    HostFiles files;
    final List<String> said = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = new FakeEnrolmentBroker();
        ca = broker.ca.write(other.resolve("broker-ca.pem"));
        files = new HostFiles(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private String enrol(String code, URI... brokers) {
        return HostEnrolment.ensure(List.of(brokers), ca, files, code, said::add);
    }

    @Test
    void theFirstStartKeepsAPrivateKeyItsCertificateAndTheCa() throws Exception {
        assertThat(enrol(FakeEnrolmentBroker.CODE, broker.url())).isEqualTo("host-1");

        assertThat(Files.list(files.dir()).map(p -> p.getFileName().toString()))
                .as("the three files and no temporary one").containsExactlyInAnyOrder("host-key.pem", "host.pem", "broker-ca.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.dir()))).as("the --data it made").isEqualTo("rwx------");
        X509Certificate cert = HostTls.certificate(files.certificate());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=host-1");
        cert.verify(broker.ca.certificate().getPublicKey());
        assertThat(Files.readString(files.brokerCa())).isEqualTo(FakeEnrolmentBroker.pem(broker.ca.certificate()));
        // the key is the certificate's: a TLS context presenting it can be built
        assertThat(HostTls.mutual(files, ca)).isNotNull();
        assertThat(said).containsExactly("host host-1 enrolled with broker " + broker.url() + "; key and certificate in " + files.dir());
        assertThat(String.join("\n", said)).doesNotContain(FakeEnrolmentBroker.CODE);
    }

    @Test
    void aLaterStartNeedsNoCodeAndIgnoresOneGivenAgain() throws Exception {
        enrol(FakeEnrolmentBroker.CODE, broker.url());
        String key = Files.readString(files.key());
        said.clear();

        assertThat(enrol(null, broker.url())).isEqualTo("host-1");
        assertThat(said).isEmpty();
        assertThat(enrol(FakeEnrolmentBroker.CODE, broker.url())).isEqualTo("host-1");
        assertThat(said).containsExactly("host host-1 is already enrolled (" + files.certificate() + "); --enrol-code ignored");
        assertThat(broker.requests.get()).as("requests to the broker").isEqualTo(1);
        assertThat(Files.readString(files.key())).isEqualTo(key);
    }

    @Test
    void aRefusedCodeIsOneLineAndLeavesNothingBehind() throws Exception {
        assertThatThrownBy(() -> enrol("bad-code-0815", broker.url()))
                .isInstanceOf(HostAgentException.class)
                .hasMessage("broker " + broker.url() + " refused the enrolment code: enrolment code is unknown, already used or expired: "
                        + "ask an admin for a new one ('rounds broker hosts add NAME')");
        assertThat(files.dir()).isEmptyDirectory();
        assertThat(said).isEmpty();
    }

    @Test
    void aStartWithoutEnrolmentOrCodeIsOneLine() {
        assertThatThrownBy(() -> enrol(null, broker.url())).isInstanceOf(HostAgentException.class)
                .hasMessage("this host is not enrolled yet (no " + files.certificate() + "): give --enrol-code CODE from 'rounds broker hosts add NAME'");
        assertThat(broker.requests.get()).isZero();
    }

    @Test
    void anUnreachableBrokerIsOneLineAndTheNextBrokerEnrols() throws Exception {
        URI dead = deadBroker();
        assertThatThrownBy(() -> enrol(FakeEnrolmentBroker.CODE, dead))
                .isInstanceOf(HostAgentException.class)
                .hasMessageStartingWith("cannot reach broker " + dead + " (")
                .hasMessageEndingWith("): check --join and that the broker runs")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(FakeEnrolmentBroker.CODE));
        assertThat(files.dir()).isEmptyDirectory();

        assertThat(enrol(FakeEnrolmentBroker.CODE, dead, broker.url())).isEqualTo("host-1");
    }

    @Test
    void aBrokerWhoseCertificateTheCaDidNotSignIsOneLine() throws Exception {
        ca = FakeEnrolmentBroker.Ca.make("Some other CA").write(other.resolve("other-ca.pem"));
        assertThatThrownBy(() -> enrol(FakeEnrolmentBroker.CODE, broker.url()))
                .isInstanceOf(HostAgentException.class)
                .hasMessage("broker " + broker.url() + " presented a certificate that --broker-ca " + ca + " did not sign: check --broker-ca and --join");
        assertThat(broker.requests.get()).as("the code never went to it").isZero();
        try (Stream<Path> left = Files.list(files.dir())) {
            assertThat(left).isEmpty();
        }
    }

    private static URI deadBroker() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return URI.create("https://127.0.0.1:" + port);
    }
}
