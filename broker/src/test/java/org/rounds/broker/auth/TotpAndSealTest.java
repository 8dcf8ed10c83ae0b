package org.rounds.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** TOTP as authenticator apps compute it (RFC 6238's own vectors), and the seal of TOTP secrets. */
@Tag("unit")
class TotpAndSealTest {
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesAreTheRfc6238VectorsCutToSixDigits() {
        // RFC 6238 appendix B, SHA-1: 94287082 at 59 s, 07081804 at 1111111109 s, 65353130 at 20000000000 s
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(20000000000L))).isEqualTo("353130");
    }

    @Test
    void aCodeIsGoodForItsStepAndOneEitherSideOnly() {
        Instant t = Instant.ofEpochSecond(1111111109);
        String code = Totp.code(RFC_SECRET, t);
        assertThat(Totp.verify(RFC_SECRET, code, t.plusSeconds(30))).isTrue();
        assertThat(Totp.verify(RFC_SECRET, code, t.minusSeconds(30))).isTrue();
        assertThat(Totp.verify(RFC_SECRET, code, t.plusSeconds(90))).isFalse();
        assertThat(Totp.verify(RFC_SECRET, "12345", t)).isFalse();
    }

    @Test
    void theProvisioningUriCarriesTheSecretInBase32AndReadsBack() {
        String uri = Totp.uri("alice", RFC_SECRET);
        assertThat(uri).isEqualTo("otpauth://totp/Rounds%20broker%3Aalice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Rounds%20broker&algorithm=SHA1&digits=6&period=30");
        assertThat(Totp.secretOf(uri)).isEqualTo(RFC_SECRET);
        assertThatThrownBy(() -> Totp.secretOf("https://example.org/?secret=GEZDGNBV")).hasMessage("not an otpauth://totp/ URI");
    }

    @Test
    void aSealedSecretOpensOnlyWithItsKeyAndForItsAdmin() {
        SecretSeal seal = SecretSeal.ephemeral();
        String sealed = seal.seal(RFC_SECRET, "alice");
        assertThat(sealed).startsWith("v1:").doesNotContain("GEZDGNBV");
        assertThat(seal.open(sealed, "alice")).isEqualTo(RFC_SECRET);
        assertThatThrownBy(() -> seal.open(sealed, "mallory")).as("moved to another account").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecretSeal.ephemeral().open(sealed, "alice")).as("another key").isInstanceOf(IllegalStateException.class);
    }
}
