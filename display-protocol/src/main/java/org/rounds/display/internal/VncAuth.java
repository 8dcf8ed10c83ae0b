package org.rounds.display.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFB security type 2: the response is the 16-byte challenge DES-ECB encrypted with the
 * password's first 8 bytes (zero padded) as key, each key byte's bits reversed (a quirk of the
 * original VNC DES code that every implementation keeps).
 */
public final class VncAuth {
    public static final int CHALLENGE_LENGTH = 16;

    private VncAuth() {}

    public static byte[] response(byte[] challenge, String password) {
        byte[] key = new byte[8];
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 8 && i < pw.length; i++) key[i] = (byte) (Integer.reverse(pw[i] & 0xFF) >>> 24);
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES is not available in this JDK", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(pw, (byte) 0);
        }
    }
}
