package org.rounds.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.rounds.broker.api.OwnKeys;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM keys and certificates in and out, and the key stores TLS is built from. Every failure is one line naming the file. */
final class Keys {
    /** The password of key stores that live only in memory (never written). */
    static final char[] IN_MEMORY = "rounds-gateway".toCharArray();

    private Keys() {}

    static KeyPair newEcKey() {
        return OwnKeys.newP256();
    }

    /** The certificates of a PEM file, the leaf first; at least one. */
    static List<X509Certificate> certificates(Path pem, String what) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) throw new GatewayException(what + " " + pem + " holds no certificate: give a PEM X.509 certificate file");
            return chain;
        } catch (NoSuchFileException e) {
            throw new GatewayException(what + " " + pem + ": no such file");
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new GatewayException(what + " " + pem + " is not a PEM X.509 certificate file: " + e.getMessage(), e);
        }
    }

    /** An unencrypted private key, PKCS#8 or a traditional EC or RSA key. */
    static PrivateKey privateKey(Path pem, String what) {
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) return c.getPrivateKey(info);
            if (o instanceof PEMKeyPair pair) return c.getPrivateKey(pair.getPrivateKeyInfo());
            throw new GatewayException(what + " " + pem + " holds no unencrypted private key: give the PEM key of the certificate");
        } catch (NoSuchFileException e) {
            throw new GatewayException(what + " " + pem + ": no such file");
        } catch (IOException e) {
            throw new GatewayException(what + " " + pem + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A key store holding {@code key} and its chain, for a key manager; the key must be the certificate's. */
    static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, Path keyFile, Path certificateFile) {
        if (!OwnKeys.fits(key, chain.get(0).getPublicKey()))
            throw new GatewayException(keyFile + " is not the key of the certificate in " + certificateFile + ": give the pair that belongs together");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("gateway", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot hold a key in memory: " + e.getMessage(), e);
        }
    }

    static KeyManagerFactory keyManagers(KeyStore ks) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, IN_MEMORY);
            return kmf;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use a key for TLS: " + e.getMessage(), e);
        }
    }

    /** A trust manager trusting the certificates of {@code caPem} and nothing else (not the JDK's cacerts). */
    static X509TrustManager trusting(Path caPem, String what) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates(caPem, what)) trusted.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** PEM text of a certificate, a CSR or a private key (as PKCS#8). */
    static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null).generate() : o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** The certificate's subject CN, or empty. */
    static String commonName(X509Certificate cert) {
        for (String part : cert.getSubjectX500Principal().getName().split(",")) if (part.startsWith("CN=")) return part.substring(3);
        return "";
    }
}
