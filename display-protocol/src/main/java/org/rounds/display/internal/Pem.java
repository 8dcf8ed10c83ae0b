package org.rounds.display.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM certificates and PKCS#8 private keys (what {@code openssl} writes) and certificate fingerprints. */
public final class Pem {
    private static final Pattern PKCS8 = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Pem() {}

    /** Every certificate in a PEM (or DER) file; fails with a one-line message naming the file. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) throw new IOException(file + " holds no certificate");
            return certs;
        } catch (CertificateException e) {
            throw new IOException(file + " is not a PEM certificate file: " + e.getMessage());
        }
    }

    /** An unencrypted PKCS#8 private key ("BEGIN PRIVATE KEY", RSA, EC or EdDSA). */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            throw new IOException(file + " holds no unencrypted PKCS#8 key (\"BEGIN PRIVATE KEY\"); convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : new String[] {"RSA", "EC", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw new IOException(file + " holds a private key of an unsupported algorithm (RSA, EC and EdDSA are supported)");
    }

    /** Lower-case hex SHA-256 of the certificate's DER encoding, as {@code openssl x509 -fingerprint -sha256} shows it (without colons). */
    public static String sha256(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /** Normalises a fingerprint given with or without colons, any case; throws IllegalArgumentException when it is not 32 hex bytes. */
    public static String normaliseSha256(String pin) {
        String hex = pin.strip().replace(":", "").toLowerCase(java.util.Locale.ROOT);
        if (hex.startsWith("sha256/") || hex.startsWith("sha256=")) hex = hex.substring(7);
        if (!hex.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("pin \"" + pin + "\" is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
        return hex;
    }
}
