package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.tls.TlsSettings;
import org.rounds.cli.Main;

/**
 * The admin's and the installer's commands end to end: {@code rounds broker endpoints add},
 * {@code rounds enrol} against an HTTPS broker on the same data directory, {@code revoke}, {@code list}.
 */
@Tag("unit")
@Timeout(120)
class EndpointEnrolmentCommandsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void addPrintsOneCodeTheStoreKeepsOnlyHashedAndEnrolWritesAPrivateKeyAndTheCertificate(@TempDir Path data, @TempDir Path endpoint)
            throws Exception {
        assertThat(run("broker", "endpoints", "add", "cart-7", "--kind", "cart", "--location", "Ward 7", "--data", data.toString()))
                .as(err::toString).isZero();
        assertThat(out.toString().lines()).hasSize(1).allMatch(l -> l.matches("enrolment code: [A-Z2-9]{26}"));
        String code = out.toString().strip().substring("enrolment code: ".length());
        try (Broker broker = Broker.builder().dataDir(data).port(0).tls(TlsSettings.devCa())
                .desktops(new org.rounds.broker.takeover.Fakes.Pool(new org.rounds.broker.takeover.Fakes.Journal())).build()) {
            broker.start();
            try (var c = broker.database().connection(); var st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM enrolments")) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++)
                        assertThat(String.valueOf(rs.getString(i))).doesNotContainIgnoringCase(code);
                }
            }
            Path out = endpoint.resolve("etc-rounds");
            String[] enrol = {"enrol", "--broker", broker.baseUrl(), "--broker-ca", data.resolve("tls/dev-ca.pem").toString(),
                    "--code", code, "--out", out.toString()};
            assertThat(run(enrol)).as(err::toString).isZero();
            assertThat(this.out.toString()).isEqualTo("enrolled cart-7" + System.lineSeparator());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("endpoint-key.pem")))).isEqualTo("rw-------");
            try (InputStream in = Files.newInputStream(out.resolve("endpoint.pem"))) {
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=cart-7");
            }

            assertThat(run(enrol)).as("a used code").isEqualTo(1);
            assertThat(err.toString().lines()).hasSize(1).allMatch(l -> l.endsWith("enrolment code is unknown, already used or expired: "
                    + "ask an admin for a new one ('rounds broker endpoints add')"));
            assertThat(err.toString()).doesNotContain(code);
            assertThat(this.out.toString()).isEmpty();
        }

        // the store tools open the store itself, so only once the broker has stopped
        assertThat(run("broker", "endpoints", "list", "--data", data.toString())).as(err::toString).isZero();
        assertThat(this.out.toString().lines()).containsExactly("cart-7\tcart\tenrolled\t1\tWard 7");
        assertThat(run("broker", "endpoints", "revoke", "cart-7", "--data", data.toString())).as(err::toString).isZero();
        assertThat(this.out.toString().strip()).isEqualTo("revoked cart-7");
        assertThat(run("broker", "endpoints", "list", "--data", data.toString())).isZero();
        assertThat(this.out.toString().lines()).containsExactly("cart-7\tcart\trevoked\t1\tWard 7");
        assertThat(run("broker", "endpoints", "revoke", "cart-8", "--data", data.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).endsWith("no endpoint cart-8 was added: 'rounds broker endpoints list' shows them");
    }

    @Test
    void clientEnrolWritesIntoTheDirectoryOfEndpointJson(@TempDir Path data, @TempDir Path etc) throws Exception {
        assertThat(run("broker", "endpoints", "add", "kiosk-2", "--kind", "kiosk", "--data", data.toString())).as(err::toString).isZero();
        String code = out.toString().strip().substring("enrolment code: ".length());
        try (Broker broker = Broker.builder().dataDir(data).port(0).tls(TlsSettings.devCa())
                .desktops(new org.rounds.broker.takeover.Fakes.Pool(new org.rounds.broker.takeover.Fakes.Journal())).build()) {
            broker.start();
            Path config = etc.resolve("endpoint.json");
            Files.writeString(config, "{\"endpoint\": {\"id\": \"kiosk-2\", \"kind\": \"kiosk\"}, \"brokers\": [\"" + broker.baseUrl()
                    + "\"], \"tls\": {\"caFile\": \"" + data.resolve("tls/dev-ca.pem") + "\"}}");
            assertThat(run("client", "--config", config.toString(), "--enrol", code)).as(err::toString).isZero();
            assertThat(out.toString()).isEqualTo("enrolled kiosk-2" + System.lineSeparator());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("endpoint-key.pem")))).isEqualTo("rw-------");
            assertThat(etc.resolve("endpoint.pem")).isRegularFile();
        }
    }
}
