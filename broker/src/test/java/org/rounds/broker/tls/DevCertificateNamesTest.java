package org.rounds.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the broker's development certificate names, read back from {@code tls/broker.p12} as a
 * cart's TLS stack would see it: the bound address (every interface address for a wildcard), the
 * {@code --name}s, and a new certificate from the same CA when they change.
 */
@Tag("unit")
class DevCertificateNamesTest {
    @TempDir Path data;
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void namesTheBoundAddressAndEveryExtraNameBesidesLocalhost() throws Exception {
        open("10.231.7.2", List.of("broker1.ward.example", "Broker-Alias.example", "192.0.2.10", "2001:db8::7"));
        X509Certificate served = served();
        assertThat(dns(served)).contains("localhost", "broker1.ward.example", "broker-alias.example");
        assertThat(ips(served)).containsExactlyInAnyOrder("127.0.0.1", "10.231.7.2", "192.0.2.10", "2001:db8:0:0:0:0:0:7");
    }

    @Test
    void aWildcardBindNamesEveryAddressOfThisMachinesInterfaces() throws Exception {
        open("0.0.0.0", List.of());
        assertThat(ips(served())).containsExactlyInAnyOrderElementsOf(interfaceAddresses(true)).contains("127.0.0.1");
        open("::", List.of());
        assertThat(ips(served())).containsExactlyInAnyOrderElementsOf(interfaceAddresses(false));
    }

    @Test
    void aLaterStartWithTheSameNamesKeepsTheCertificateAndOtherNamesGetANewOneFromTheSameCa() throws Exception {
        open("127.0.0.1", List.of("broker1.ward.example"));
        byte[] ca = Files.readAllBytes(data.resolve("tls/dev-ca.pem"));
        X509Certificate first = served();

        open("127.0.0.1", List.of("broker1.ward.example"));
        assertThat(served()).as("nothing changed: kept").isEqualTo(first);

        open("10.231.7.2", List.of("broker1.ward.example"));
        X509Certificate rebound = served();
        assertThat(rebound.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(ips(rebound)).contains("10.231.7.2");

        open("10.231.7.2", List.of("broker1.ward.example", "broker.ward.example"));
        X509Certificate renamed = served();
        assertThat(renamed.getSerialNumber()).isNotEqualTo(rebound.getSerialNumber());
        assertThat(dns(renamed)).contains("broker.ward.example", "broker1.ward.example");

        open("10.231.7.2", List.of());
        assertThat(dns(served())).as("a name given up is dropped").doesNotContain("broker.ward.example", "broker1.ward.example");

        assertThat(Files.readAllBytes(data.resolve("tls/dev-ca.pem"))).as("endpoints keep trusting the same CA").isEqualTo(ca);
        served().verify(caCertificate().getPublicKey());
    }

    @Test
    void aBrokerKeyStoreCopiedFromAnotherCaOfTheSameNameIsIssuedAgainByThisCa(@TempDir Path other) throws Exception {
        open("127.0.0.1", List.of());
        TlsSettings.devCa().open(other, "127.0.0.1", NOW).close();   // another CA, same subject (same host name)
        Files.copy(other.resolve("tls/broker.p12"), data.resolve("tls/broker.p12"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        open("127.0.0.1", List.of());
        served().verify(caCertificate().getPublicKey());
    }

    @Test
    void aNameThatIsNeitherADnsNameNorAnAddressIsOneLine() {
        for (String bad : List.of("bad name", "under_score.example", "-dash.example", "300.1.1.1", "", "a..b", "1.2.3.4:8443")) {
            assertThatThrownBy(() -> TlsSettings.devCa().names(List.of(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("broker name '" + bad + "' is neither a DNS name nor an IP address: "
                            + "give the name or address endpoints dial, e.g. broker1.ward.example");
        }
        assertThat(TlsSettings.isValidName("broker1.ward.example")).isTrue();
        assertThat(TlsSettings.isValidName("10.231.7.2")).isTrue();
        assertThat(TlsSettings.isValidName("[2001:db8::7]")).isTrue();
    }

    @Test
    void namesWithAConfiguredKeyStoreAreRefusedWithOneLine(@TempDir Path dir) {
        assertThatThrownBy(() -> TlsSettings.keystore(dir.resolve("site.p12"), "pw".toCharArray()).names(List.of("broker1.ward.example")))
                .hasMessage("broker names are for the development certificate; the configured key store's certificate names what its CA "
                        + "wrote: leave the names out, or ask that CA for them");
    }

    private void open(String bind, List<String> names) {
        TlsSettings.devCa().names(names).open(data, bind, NOW).close();
    }

    private X509Certificate served() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(data.resolve("tls/broker.p12"))) {
            ks.load(in, DevCertificates.PASSWORD);
        }
        return (X509Certificate) ks.getCertificate(DevCertificates.BROKER_ALIAS);
    }

    private X509Certificate caCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(data.resolve("tls/dev-ca.pem"))) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static Set<String> dns(X509Certificate c) throws Exception {
        return sans(c, 2);
    }

    private static Set<String> ips(X509Certificate c) throws Exception {
        return sans(c, 7);
    }

    private static Set<String> sans(X509Certificate c, int type) throws Exception {
        Set<String> found = new TreeSet<>();
        for (List<?> san : c.getSubjectAlternativeNames()) if ((Integer) san.get(0) == type) found.add((String) san.get(1));
        return found;
    }

    /** What {@code ip addr} shows on this machine's interfaces that are up (IPv6 link-local left out: it needs a zone). */
    private static Set<String> interfaceAddresses(boolean ipv4Only) throws Exception {
        Set<String> found = new TreeSet<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                boolean v4 = a instanceof Inet4Address;
                if ((ipv4Only && !v4) || (!v4 && a.isLinkLocalAddress())) continue;
                found.add(a.getHostAddress().replaceAll("%.*$", ""));
            }
        }
        return found;
    }
}
