package org.rounds.gateway;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key and certificate of the gateway's public port. A hospital puts a public CA's certificate
 * there ({@code --tls-cert}, {@code --tls-key}): outside devices are Macs and home PCs that trust
 * the public CAs and nothing of the hospital's. Without one, as the broker's development CA does,
 * a development CA is made on first start under {@code <data>/public-tls} ({@value #CA_CERT}, the
 * file outside clients must trust, said in the log) and a server certificate it signs, naming
 * localhost, 127.0.0.1, this machine's name and the {@code --bind} address (every interface
 * address for a wildcard bind); issued again when those names change or it nears expiry.
 */
final class PublicTls {
    private static final Logger log = LoggerFactory.getLogger(PublicTls.class);
    static final String CA_CERT = "dev-ca.pem", CA_KEY = "dev-ca-key.pem", CERT = "gateway-public.pem", KEY = "gateway-public-key.pem";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** The longest a server certificate may live for Apple's TLS stack (the Macs of outside doctors). */
    private static final Duration SERVER_VALIDITY = Duration.ofDays(825);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private PublicTls() {}

    /** The site's key and certificate chain (PEM). */
    static SslContextFactory.Server fromFiles(Path certificate, Path key) {
        List<X509Certificate> chain = Keys.certificates(certificate, "--tls-cert");
        PrivateKey k = Keys.privateKey(key, "--tls-key");
        return jetty(Keys.keyStore(k, chain, key, certificate));
    }

    /** The development CA and certificate under {@code dir}, made or issued again as the class doc says. */
    static SslContextFactory.Server development(Path dir, String bind, Instant now) {
        GatewayFiles.privateDirectory(dir);
        Path caCert = dir.resolve(CA_CERT), caKey = dir.resolve(CA_KEY), cert = dir.resolve(CERT), key = dir.resolve(KEY);
        if (!Files.isRegularFile(caCert) || !Files.isRegularFile(caKey)) {
            KeyPair pair = Keys.newEcKey();
            X500Name subject = new X500Name("CN=Rounds gateway development CA (" + hostName() + ")");
            X509Certificate ca = sign(subject, pair.getPublic(), subject, pair.getPrivate(), now, CA_VALIDITY, null);
            GatewayFiles.write(caKey, Keys.pem(pair.getPrivate()), "rw-------");
            GatewayFiles.write(caCert, Keys.pem(ca), "rw-r--r--");
            GatewayFiles.write(dir.resolve(CERT), "", "rw-r--r--");   // any old server certificate is another CA's
        }
        X509Certificate ca = Keys.certificates(caCert, "development CA").get(0);
        PrivateKey caPrivate = Keys.privateKey(caKey, "development CA key");
        Set<String> wanted = names(bind);
        if (!current(cert, key, ca, wanted, now)) {
            KeyPair pair = Keys.newEcKey();
            X509Certificate issued = sign(new X500Name("CN=localhost"), pair.getPublic(),
                    X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), caPrivate, now, SERVER_VALIDITY, wanted);
            GatewayFiles.write(key, Keys.pem(pair.getPrivate()), "rw-------");
            GatewayFiles.write(cert, Keys.pem(issued) + Keys.pem(ca), "rw-r--r--");
            log.info("the gateway's development certificate names {}", String.join(", ", wanted));
        }
        log.info("the gateway's public port serves a development certificate: outside clients must trust {} "
                + "(give --tls-cert and --tls-key for a public CA's certificate)", caCert);
        return jetty(Keys.keyStore(Keys.privateKey(key, "development key"), Keys.certificates(cert, "development certificate"), key, cert));
    }

    /** TLS 1.3 only: every outside client (JDK 17+, macOS, browsers) has it, and it leaves no older suites to review. */
    private static SslContextFactory.Server jetty(java.security.KeyStore ks) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(ks);
        ssl.setKeyStorePassword(new String(Keys.IN_MEMORY));
        ssl.setIncludeProtocols("TLSv1.3");
        // An IP-address bind (a lab, a test) has no SNI name to match; a public CA's name still works.
        ssl.setSniRequired(false);
        return ssl;
    }

    /** True when the kept certificate is this CA's, not near expiry, and names exactly {@code wanted}. */
    private static boolean current(Path cert, Path key, X509Certificate ca, Set<String> wanted, Instant now) {
        try {
            if (!Files.isRegularFile(key) || !Files.isRegularFile(cert) || Files.size(cert) == 0) return false;
            X509Certificate c = Keys.certificates(cert, "development certificate").get(0);
            c.verify(ca.getPublicKey());
            if (c.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) return false;
            Set<String> held = new TreeSet<>();
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) for (List<?> san : sans) held.add(san.get(1).toString().toLowerCase(Locale.ROOT));
            return held.equals(wanted);
        } catch (Exception e) {
            return false;   // unreadable or another CA's: issue a new one
        }
    }

    private static X509Certificate sign(X500Name subject, PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey, Instant now,
                                        Duration validity, Set<String> names) {
        try {
            var b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, new SecureRandom()), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(validity)), subject, subjectKey);
            if (names == null) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                GeneralName[] sans = names.stream().map(n -> new GeneralName(isIp(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new);
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the gateway's development certificate: " + e.getMessage(), e);
        }
    }

    /** localhost, 127.0.0.1, this machine's name, and the bind address (or every interface address for a wildcard). */
    static Set<String> names(String bind) {
        Set<String> names = new TreeSet<>(List.of("localhost", "127.0.0.1"));
        String host = hostName();
        if (!host.equals("localhost")) names.add(host);
        String b = bind.strip().replace("[", "").replace("]", "");
        try {
            if (b.equals("0.0.0.0") || b.equals("::")) {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (!nic.isUp()) continue;
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        if (b.equals("0.0.0.0") && !(a instanceof java.net.Inet4Address)) continue;
                        if (a.isLinkLocalAddress()) continue;
                        names.add(a.getHostAddress().replaceAll("%.*$", ""));
                    }
                }
            } else {
                names.add(isIp(b) ? InetAddress.getByName(b).getHostAddress() : b.toLowerCase(Locale.ROOT));
            }
        } catch (java.io.IOException e) {
            throw new GatewayException("cannot name --bind " + bind + " in the development certificate: " + e.getMessage());
        }
        return names;
    }

    private static boolean isIp(String n) {
        return n.matches("[0-9.]+") || n.contains(":");
    }

    private static String hostName() {
        try {
            String n = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return n.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*") ? n : "localhost";
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
