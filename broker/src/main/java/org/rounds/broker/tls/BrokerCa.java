package org.rounds.broker.tls;

import org.rounds.broker.store.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A certificate authority held in this process (Bouncy Castle): its key in a PKCS12 file (mode
 * 600), its certificate beside it as PEM (the file endpoints trust). It signs the broker's own
 * server certificate (the development CA) and the client certificates of endpoints, desktop hosts
 * and remote-access gateways.
 *
 * <p>The key never goes into the database: brokers sharing one database share the CA by being
 * configured with the same CA directory (a copy of the two files, deployed like any other key).
 */
public final class BrokerCa {
    static final String ALIAS = "ca";
    /** How long an endpoint's certificate is valid: a year, renewed by enrolling again. */
    public static final Duration ENDPOINT_VALIDITY = Duration.ofDays(365);
    /** URI SAN naming an endpoint: {@code urn:rounds:endpoint:<id>}. */
    public static final String ENDPOINT_URI = "urn:rounds:endpoint:";
    /** How long a desktop host's certificate is valid: a year, renewed by enrolling again. */
    public static final Duration HOST_VALIDITY = Duration.ofDays(365);
    /** URI SAN naming a desktop host: {@code urn:rounds:host:<name>}. */
    public static final String HOST_URI = "urn:rounds:host:";
    /** How long a remote-access gateway's certificate is valid: a year, renewed by enrolling again. */
    public static final Duration GATEWAY_VALIDITY = Duration.ofDays(365);
    /** URI SAN naming a remote-access gateway: {@code urn:rounds:gateway:<name>}. */
    public static final String GATEWAY_URI = "urn:rounds:gateway:";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration BACKDATE = Duration.ofMinutes(5);   // tolerate endpoint clocks a little behind
    private static final SecureRandom random = new SecureRandom();

    private final PrivateKey key;
    private final X509Certificate certificate;

    private BrokerCa(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /**
     * The CA in {@code dir} ({@code <name>.p12} and {@code <name>.pem}), made with subject
     * {@code commonName} when missing. A key file that exists but cannot be read is one line naming it.
     */
    static BrokerCa loadOrCreate(Path dir, String name, String commonName, Instant now) {
        Path p12 = dir.resolve(name + ".p12"), pem = dir.resolve(name + ".pem");
        if (Files.isRegularFile(p12)) return load(p12, pem);
        PrivateFiles.directory(dir);
        KeyPair pair = ecKey();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, pair.getPrivate(), DevCertificates.PASSWORD, new X509Certificate[] {cert});
            // The certificate first: a crash between the two writes leaves no key without its certificate.
            PrivateFiles.writeReadable(pem, pem(cert));
            PrivateFiles.writePrivate(p12, store(ks));
            return new BrokerCa(pair.getPrivate(), cert);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make the CA " + p12 + ": " + e.getMessage(), e);
        }
    }

    private static BrokerCa load(Path p12, Path pem) {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, DevCertificates.PASSWORD);
            PrivateKey key = (PrivateKey) ks.getKey(ALIAS, DevCertificates.PASSWORD);
            X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
            if (key == null || cert == null) throw new IllegalStateException("CA key file " + p12 + " holds no entry '" + ALIAS + "'");
            if (!Files.isRegularFile(pem)) PrivateFiles.writeReadable(pem, pem(cert));   // the shareable half, made again
            return new BrokerCa(key, cert);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("CA key file " + p12 + " cannot be read: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** This CA's certificate as PEM. */
    public String certificatePem() {
        return pem(certificate);
    }

    /** A TLS server certificate for {@code key}, with these DNS names and IP addresses as SANs. */
    X509Certificate issueServer(PublicKey subjectKey, List<String> dnsNames, List<String> ips, Instant now, Duration validity) {
        GeneralName[] names = new GeneralName[dnsNames.size() + ips.size()];
        int i = 0;
        for (String d : dnsNames) names[i++] = new GeneralName(GeneralName.dNSName, d);
        for (String ip : ips) names[i++] = new GeneralName(GeneralName.iPAddress, ip);
        String cn = dnsNames.isEmpty() ? "localhost" : dnsNames.get(0);
        return issue(subjectKey, cn, new GeneralNames(names), new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, now, validity);
    }

    /**
     * An endpoint's client certificate for the key in {@code csrPem}: subject CN and a URI SAN name
     * {@code endpointId} (the CSR's own subject is ignored: the enrolment code decides who it is).
     */
    public X509Certificate issueEndpoint(PublicKey endpointKey, String endpointId, Instant now) {
        return issueEndpoint(endpointKey, org.rounds.broker.store.Tenant.DEFAULT, endpointId, now);
    }

    /**
     * The URI SAN naming {@code name}, of the kind {@code kindUri} names, in practice {@code tenant}
     * (issue 23): {@code kindUri + TENANT + ":" + name}. In the default practice it is {@code
     * kindUri + name}, as before practices existed, so machines enrolled then keep working.
     */
    public static String uriOf(String kindUri, org.rounds.broker.store.Tenant tenant, String name) {
        return kindUri + (tenant.isDefault() ? "" : tenant.name() + ":") + name;
    }

    /**
     * Whether a certificate's SAN (what follows {@code kindUri}) names {@code name} in {@code
     * tenant}: the row its serial finds says both, so a name holding a colon is never misread.
     */
    public static boolean names(String sanAfterKind, org.rounds.broker.store.Tenant tenant, String name) {
        return sanAfterKind.equals(uriOf("", tenant, name));
    }

    /** As {@link #issueEndpoint(PublicKey, String, Instant)}, naming the endpoint's practice in its SAN. */
    public X509Certificate issueEndpoint(PublicKey endpointKey, org.rounds.broker.store.Tenant tenant, String endpointId, Instant now) {
        GeneralNames uri = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uriOf(ENDPOINT_URI, tenant, endpointId)));
        return issue(endpointKey, endpointId, uri, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, now, ENDPOINT_VALIDITY);
    }

    /**
     * A desktop host's certificate: subject CN and a URI SAN name {@code host}; for TLS client use
     * (its control channel to brokers) and server use (its VeNCrypt desktop port, which endpoints
     * check by pin, not by name).
     */
    public X509Certificate issueHost(PublicKey hostKey, String host, Instant now) {
        return issueHost(hostKey, org.rounds.broker.store.Tenant.DEFAULT, host, now);
    }

    /** As {@link #issueHost(PublicKey, String, Instant)}, naming the host's practice in its SAN ({@code urn:rounds:host:PRACTICE:NAME}). */
    public X509Certificate issueHost(PublicKey hostKey, org.rounds.broker.store.Tenant tenant, String host, Instant now) {
        GeneralNames uri = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uriOf(HOST_URI, tenant, host)));
        return issue(hostKey, host, uri, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth},
                now, HOST_VALIDITY);
    }

    /**
     * A remote-access gateway's certificate: subject CN and a URI SAN name {@code gateway}; for
     * TLS client use only (its calls to brokers). Its public port has a certificate of its own,
     * which outside devices check by name like any web site's.
     */
    public X509Certificate issueGateway(PublicKey gatewayKey, String gateway, Instant now) {
        return issueGateway(gatewayKey, org.rounds.broker.store.Tenant.DEFAULT, gateway, now);
    }

    /** As {@link #issueGateway(PublicKey, String, Instant)}, naming the gateway's practice in its SAN ({@code urn:rounds:gateway:PRACTICE:NAME}). */
    public X509Certificate issueGateway(PublicKey gatewayKey, org.rounds.broker.store.Tenant tenant, String gateway, Instant now) {
        GeneralNames uri = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uriOf(GATEWAY_URI, tenant, gateway)));
        return issue(gatewayKey, gateway, uri, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, now, GATEWAY_VALIDITY);
    }

    /**
     * The public key of a PEM PKCS#10 request whose signature is valid and whose key is RSA of
     * 2048 bits or more, or EC on P-256 or P-384; otherwise one line saying what is wrong.
     */
    public static PublicKey checkedRequestKey(String csrPem) {
        Object parsed;
        try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
            parsed = p.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("csr is not a PEM certificate request");
        }
        if (!(parsed instanceof PKCS10CertificationRequest raw)) throw new IllegalArgumentException("csr is not a PEM certificate request");
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(raw);
            SubjectPublicKeyInfo info = csr.getSubjectPublicKeyInfo();
            ASN1ObjectIdentifier alg = info.getAlgorithm().getAlgorithm();
            boolean ec = X9ObjectIdentifiers.id_ecPublicKey.equals(alg);
            // by name: the JDK's providers do not look key factories up by the algorithm's OID
            PublicKey key = java.security.KeyFactory.getInstance(ec ? "EC" : "RSA")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(info.getEncoded()));
            if (ec) {
                Object curve = info.getAlgorithm().getParameters();
                if (!SECObjectIdentifiers.secp256r1.equals(curve) && !SECObjectIdentifiers.secp384r1.equals(curve))
                    throw new IllegalArgumentException("csr key must be RSA of 2048 bits or more, or EC on P-256 or P-384");
            } else if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("csr key must be RSA of 2048 bits or more, or EC on P-256 or P-384");
            }
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key)))
                throw new IllegalArgumentException("csr signature does not verify: sign it with the key it carries");
            return key;
        } catch (GeneralSecurityException | IOException | OperatorCreationException | org.bouncycastle.pkcs.PKCSException e) {
            throw new IllegalArgumentException("csr cannot be checked: " + e.getMessage());
        }
    }

    private X509Certificate issue(PublicKey subjectKey, String cn, GeneralNames sans, KeyPurposeId[] purposes, Instant now, Duration validity) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(validity)), subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectAlternativeName, false, sans)
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            return sign(b, key);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the CA could not sign a certificate for " + cn + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        String algorithm = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /** A new EC P-256 key pair (the JDK's provider: nothing of Bouncy Castle is registered JVM-wide). */
    static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys: " + e.getMessage(), e);
        }
    }

    /** A positive random 127-bit serial: unique without coordination between brokers sharing the CA. */
    private static BigInteger serial() {
        return new BigInteger(127, random).setBit(120);
    }

    public static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    static byte[] store(KeyStore ks) throws IOException, GeneralSecurityException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ks.store(bytes, DevCertificates.PASSWORD);
        return bytes.toByteArray();
    }
}
