package org.rounds.testpeers;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed P-256 key and certificate for a test's TLS server, made in this JVM: what
 * {@code keytool -genkeypair -keyalg EC -groupname secp256r1} made, without starting a process
 * (a unit test starts none, and keytool's JVM cost about a second of CPU per test class).
 */
public final class SelfSigned {
    private SelfSigned() {}

    /**
     * A PKCS#12 key store holding one key entry {@code alias} under {@code password}, for
     * {@code CN=commonName}, valid two days, with {@code names} (DNS names or IP addresses) as
     * subject alternative names.
     */
    public static KeyStore keyStore(String alias, String commonName, char[] password, String... names) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
        if (names.length > 0) {
            List<GeneralName> san = new ArrayList<>();
            for (String n : names) {
                san.add(n.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
        }
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, keys.getPrivate(), password, new Certificate[] {cert});
        return ks;
    }

    /** A TLS server context presenting the key entry of {@code keys} (under {@code password}); it asks no client certificate. */
    public static SSLContext serverContext(KeyStore keys, char[] password) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }

    /** {@code certificate} as PEM, for a test that hands a CA file to a client. */
    public static String pem(Certificate certificate) throws java.security.cert.CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
