package org.rounds.host;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.rounds.broker.api.OwnKeys;
import org.rounds.display.internal.Pem;

/**
 * The key and certificate a desktop host presents to viewers (VeNCrypt X509Vnc), and the pin
 * endpoints check it by: SHA-256 of the certificate's DER, 64 lower-case hex digits, the form
 * {@code rounds snapshot --pin} takes. An enrolled host reads its PEM files; the one-machine
 * default makes a self-signed one at start whose key never leaves memory.
 */
public final class HostCertificate {
    private static final Duration EPHEMERAL_VALIDITY = Duration.ofDays(365);
    private static final Duration BACKDATE = Duration.ofHours(1);

    private final PrivateKey key;
    private final X509Certificate[] chain;
    private final String pin;

    private HostCertificate(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = chain.toArray(new X509Certificate[0]);
        this.pin = Pem.sha256(this.chain[0]);
    }

    /**
     * The host's enrolled key and certificate ({@code host-key.pem}, {@code host.pem}): the
     * certificate file may carry the chain after it; the key may be PKCS#8 or a traditional
     * EC or RSA key. A file that is missing or wrong fails with one line naming it.
     */
    public static HostCertificate fromPem(Path certificatePem, Path keyPem) throws IOException {
        List<X509Certificate> chain = Pem.certificates(certificatePem);
        PrivateKey key = readKey(keyPem);
        if (!OwnKeys.fits(key, chain.get(0).getPublicKey())) {
            throw new IOException(keyPem + " is not the key of the certificate in " + certificatePem + ": enrol the host again");
        }
        return new HostCertificate(key, chain);
    }

    /** The certificate file an enrolled host keeps under its {@code --data} directory. */
    public static final String CERTIFICATE_FILE = "host.pem";
    /** The key file (mode 600) an enrolled host keeps under its {@code --data} directory. */
    public static final String KEY_FILE = "host-key.pem";

    /** The enrolled key and certificate under a host's {@code --data} directory; one line naming what is missing. */
    public static HostCertificate enrolled(Path dataDir) throws IOException {
        Path cert = dataDir.resolve(CERTIFICATE_FILE), key = dataDir.resolve(KEY_FILE);
        if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
            throw new IOException("no host certificate in " + dataDir + " (" + CERTIFICATE_FILE + ", " + KEY_FILE + "): enrol the host first with --enrol-code");
        }
        return fromPem(cert, key);
    }

    /**
     * A self-signed P-256 certificate made now, naming {@code names} (IP addresses and DNS
     * names) and the loopback address; its key exists in this JVM only.
     */
    public static HostCertificate ephemeral(String... names) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            Set<String> all = new LinkedHashSet<>(List.of(names));
            all.add("127.0.0.1");
            all.add("localhost");
            List<GeneralName> sans = new ArrayList<>();
            for (String n : all) sans.add(isIp(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
            X500Name subject = new X500Name("CN=Rounds desktop host (ephemeral)");
            Instant now = Instant.now();
            var b = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, new SecureRandom()), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(EPHEMERAL_VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new HostCertificate(pair.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make the desktop host's certificate: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the certificate's DER, 64 lower-case hex digits. */
    public String pin() { return pin; }

    public X509Certificate certificate() { return chain[0]; }

    /** The certificate as PEM (what a viewer such as vncviewer is given as its CA file). */
    public String certificatePem() {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(chain[0]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a certificate as PEM", e);
        }
        return w.toString();
    }

    /** A TLS context presenting this key and certificate. */
    SSLContext tls() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("host", key, new char[0], chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use the desktop host's certificate for TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() { return "HostCertificate[pin " + pin.substring(0, 12) + "…]"; }

    private static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) return c.getPrivateKey(info);
            // A traditional key may leave its public half out, which getKeyPair cannot take.
            if (o instanceof PEMKeyPair pair) return c.getPrivateKey(pair.getPrivateKeyInfo());
            throw new IOException(file + " holds no unencrypted private key: give the host's host-key.pem");
        } catch (IOException e) {
            throw new IOException("cannot read the host key " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isIp(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }
}
