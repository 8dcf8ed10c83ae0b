package org.rounds.roaming.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;

/**
 * A PKCS#10 certificate request (RFC 2986) for an EC P-256 key, DER-encoded by hand: the request
 * is four fixed structures around the JDK's own encodings of the public key and the signature,
 * so the endpoint needs no ASN.1 library (Bouncy Castle would add ~9 MB to its package). The
 * subject is a placeholder: the broker names the certificate after the enrolment code's endpoint.
 */
final class CertificateRequest {
    private static final byte[] OID_CN = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final byte[] OID_ECDSA_SHA256 = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final byte[] NO_ATTRIBUTES = {(byte) 0xA0, 0x00};

    private CertificateRequest() {}

    /** The PEM request for {@code keys} (an EC key pair), signed with SHA256withECDSA. */
    static String pem(KeyPair keys, String subjectCn) {
        byte[] name = sequence(set(sequence(OID_CN, tlv(0x0C, subjectCn.getBytes(StandardCharsets.UTF_8)))));
        byte[] info = sequence(VERSION_0, name, keys.getPublic().getEncoded(), NO_ATTRIBUTES);
        byte[] signature;
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(keys.getPrivate());
            s.update(info);
            signature = s.sign();   // already DER (ECDSA-Sig-Value), as the BIT STRING must hold
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot sign with ECDSA: " + e.getMessage(), e);
        }
        byte[] bits = new byte[signature.length + 1];   // leading 0: no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = sequence(info, sequence(OID_ECDSA_SHA256), tlv(0x03, bits));
        return pem("CERTIFICATE REQUEST", der);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    /** Tag, DER length (short form below 128, else long form), value. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 4);
        out.write(tag);
        int n = value.length;
        if (n < 128) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
