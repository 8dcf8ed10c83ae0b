package org.rounds.display.internal;

import java.util.Map;

/**
 * Security type 19 (VeNCrypt, version 0.2) and its sub-types, shared by client and server. The
 * TLS sub-types use anonymous Diffie-Hellman (no certificate, so no protection against a man in
 * the middle); the X509 ones a server certificate the client verifies.
 */
public final class VeNCrypt {
    public static final int SECURITY_TYPE = 19;
    public static final int PLAIN = 256;
    public static final int TLS_NONE = 257;
    public static final int TLS_VNC = 258;
    public static final int TLS_PLAIN = 259;
    public static final int X509_NONE = 260;
    public static final int X509_VNC = 261;
    public static final int X509_PLAIN = 262;
    /** Longest username or password we send or accept in Plain authentication. */
    public static final int MAX_PLAIN_FIELD = 4096;

    private static final Map<Integer, String> NAMES = Map.of(PLAIN, "Plain", TLS_NONE, "TLSNone", TLS_VNC, "TLSVnc",
            TLS_PLAIN, "TLSPlain", X509_NONE, "X509None", X509_VNC, "X509Vnc", X509_PLAIN, "X509Plain");

    private VeNCrypt() {}

    /** "X509Vnc(261)"; unknown sub-types read "sub-type 42". */
    public static String describe(int subtype) {
        String n = NAMES.get(subtype);
        return n == null ? "sub-type " + subtype : n + "(" + subtype + ")";
    }

    public static boolean anonymousTls(int subtype) { return subtype >= TLS_NONE && subtype <= TLS_PLAIN; }

    public static boolean x509(int subtype) { return subtype >= X509_NONE && subtype <= X509_PLAIN; }

    public static boolean usesVncAuth(int subtype) { return subtype == TLS_VNC || subtype == X509_VNC; }

    public static boolean usesPlain(int subtype) { return subtype == PLAIN || subtype == TLS_PLAIN || subtype == X509_PLAIN; }

    /** Names of the top-level RFB security types, for errors that list what a server offered. */
    public static String describeSecurityType(int type) {
        String n = switch (type) {
            case 0 -> "Invalid";
            case 1 -> "None";
            case 2 -> "VncAuth";
            case 5 -> "RA2";
            case 6 -> "RA2ne";
            case 16 -> "Tight";
            case 19 -> "VeNCrypt";
            case 129 -> "RA2_256";
            case 130 -> "RA2ne_256";
            default -> null;
        };
        return n == null ? "type " + type : n + "(" + type + ")";
    }
}
