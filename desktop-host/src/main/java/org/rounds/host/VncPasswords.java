package org.rounds.host;

import java.security.SecureRandom;

/** Random VNC passwords: 8 characters (VNC authentication uses 8 bytes), no look-alike letters. */
public final class VncPasswords {
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private VncPasswords() {}

    public static String random() {
        char[] p = new char[8];
        for (int i = 0; i < p.length; i++) p[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        return new String(p);
    }
}
