package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The source of a request: a verified certificate's name, else the peer's address; never a header. */
@Tag("unit")
class RequestSourceTest {
    /** Self-signed, subject O=Rounds Hospital, CN=cart-7 (openssl req -x509, P-256). */
    private static final String CART_7 = """
            -----BEGIN CERTIFICATE-----
            MIIBrjCCAVOgAwIBAgIUIgRERR7bQ1YfyY0PQdGmc+avqrIwCgYIKoZIzj0EAwIw
            KzEYMBYGA1UECgwPUm91bmRzIEhvc3BpdGFsMQ8wDQYDVQQDDAZjYXJ0LTcwIBcN
            MjYxMjA2MTYyNzAxWhgPMjEyNjExMTIxNjI3MDFaMCsxGDAWBgNVBAoMD1JvdW5k
            cyBIb3NwaXRhbDEPMA0GA1UEAwwGY2FydC03MFkwEwYHKoZIzj0CAQYIKoZIzj0D
            AQcDQgAECe3tC7RtkxYgUTbVsjolx5VZtgsFyYoPVbqaFb3ECfxy4u9vG99Zfvoy
            RVMFS42ldiDGrkOx8xraQEUveYjo66NTMFEwHQYDVR0OBBYEFLJhXewxZ3TrxUNl
            AhYNNgairNSiMB8GA1UdIwQYMBaAFLJhXewxZ3TrxUNlAhYNNgairNSiMA8GA1Ud
            EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAMp2U7a/VoQfdIdyPhFYanB0
            q+aKxfSN5BX4GFB63w85AiEArrsL1JpZAYfujdN+5+X0NbD6aRHOmlujzLF1wc4H
            cmg=
            -----END CERTIFICATE-----
            """;

    @Test
    void aClientCertificateNamesTheSourceWhateverTheAddress() throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(CART_7.getBytes(StandardCharsets.US_ASCII)));
        assertThat(RequestSource.of(new X509Certificate[] {cert}, "10.1.2.3").key()).isEqualTo("cert:cart-7");
    }

    @Test
    void withoutACertificateTheAddressIsTheSource() {
        assertThat(RequestSource.of(null, "10.1.2.3").key()).isEqualTo("addr:10.1.2.3");
        assertThat(RequestSource.of(new X509Certificate[0], "10.1.2.3").key()).isEqualTo("addr:10.1.2.3");
        assertThat(RequestSource.of("not a chain", "0:0:0:0:0:0:0:1").key()).isEqualTo("addr:0:0:0:0:0:0:0:1");
    }
}
