package org.rounds.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.store.Tenant;

/** An endpoint's certificate names its practice (issue 23); the default practice's stay as they were. */
@Tag("unit")
class TenantCertificateNamesTest {
    @TempDir Path dir;
    private final Instant now = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void aPracticesEndpointCertificateNamesThePracticeAndTheDefaultsIsUnchanged() throws Exception {
        BrokerCa ca = BrokerCa.loadOrCreate(dir, "ca", "Test CA", now);
        PublicKey key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        assertThat(uris(ca.issueEndpoint(key, new Tenant("practice-a"), "cart-1", now))).containsExactly("urn:rounds:endpoint:practice-a:cart-1");
        assertThat(uris(ca.issueEndpoint(key, "cart-1", now))).containsExactly("urn:rounds:endpoint:cart-1");
    }

    @Test
    void theRowASerialFindsDecidesTheSplitSoANameWithAColonIsNeverMisread() {
        Tenant a = new Tenant("ward");
        assertThat(BrokerCa.names("ward:4", a, "4")).isTrue();
        assertThat(BrokerCa.names("ward:4", Tenant.DEFAULT, "ward:4")).as("an endpoint id with a colon, enrolled before practices").isTrue();
        assertThat(BrokerCa.names("ward:4", Tenant.DEFAULT, "4")).isFalse();
        assertThat(BrokerCa.names("ward:4", new Tenant("other"), "4")).isFalse();
        assertThat(BrokerCa.names("4", a, "4")).as("a certificate without a practice is the default's only").isFalse();
    }

    private static List<String> uris(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream().filter(san -> Integer.valueOf(6).equals(san.get(0)))
                .map(san -> (String) san.get(1)).toList();
    }
}
