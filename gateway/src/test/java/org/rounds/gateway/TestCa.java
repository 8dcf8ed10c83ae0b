package org.rounds.gateway;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** A broker CA made in the test, as {@code broker/.../tls/BrokerCa} is: it signs the fake brokers' server certificates and gateways' client ones. */
public final class TestCa {
    final KeyPair keys = Keys.newEcKey();
    final X509Certificate certificate;

    public TestCa() {
        X500Name subject = new X500Name("CN=Rounds test broker CA");
        certificate = sign(subject, keys.getPublic(), new BasicConstraints(0), new KeyUsage(KeyUsage.keyCertSign), null, null);
    }

    /** Writes the CA certificate (what --broker-ca names). */
    public Path write(Path file) throws Exception {
        Files.writeString(file, Keys.pem(certificate));
        return file;
    }

    /** A broker's server key store for localhost, 127.0.0.1 and {@code address}. */
    KeyStore server(String address) throws Exception {
        KeyPair pair = Keys.newEcKey();
        X509Certificate cert = sign(new X500Name("CN=localhost"), pair.getPublic(), new BasicConstraints(false),
                new KeyUsage(KeyUsage.digitalSignature), KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, address)}));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("broker", pair.getPrivate(), Keys.IN_MEMORY, new X509Certificate[] {cert, certificate});
        return ks;
    }

    /** A gateway's certificate for the key of a PEM CSR, as the contract says: CN = name, SAN urn:rounds:gateway:NAME, client use. */
    X509Certificate gateway(String csrPem, String name) throws Exception {
        PublicKey key;
        try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
            key = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) p.readObject()).getPublicKey();
        }
        return sign(new X500Name("CN=" + name), key, new BasicConstraints(false), new KeyUsage(KeyUsage.digitalSignature),
                KeyPurposeId.id_kp_clientAuth, new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:rounds:gateway:" + name)));
    }

    private X509Certificate sign(X500Name subject, PublicKey key, BasicConstraints bc, KeyUsage usage, KeyPurposeId purpose, GeneralNames sans) {
        try {
            Instant now = Instant.now();
            X500Name issuer = certificate == null ? subject : X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            var b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(2))), subject, key)
                    .addExtension(Extension.basicConstraints, true, bc)
                    .addExtension(Extension.keyUsage, true, usage);
            if (purpose != null) b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (sans != null) b.addExtension(Extension.subjectAlternativeName, false, sans);
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
