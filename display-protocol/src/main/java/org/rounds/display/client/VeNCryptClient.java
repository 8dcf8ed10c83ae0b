package org.rounds.display.client;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rounds.display.InsecureServerException;
import org.rounds.display.RfbAuthException;
import org.rounds.display.internal.AnonymousTls;
import org.rounds.display.internal.RfbInput;
import org.rounds.display.internal.VeNCrypt;
import org.rounds.display.internal.VncAuth;

/**
 * Security type 19, VeNCrypt 0.2 (as TigerVNC's CSecurityVeNCrypt): agree the version, pick a
 * sub-type we can complete, start TLS when it calls for TLS, then run the inner VNC or Plain
 * authentication over it. The SecurityResult that follows is read by {@link ClientHandshake}.
 */
final class VeNCryptClient {
    /** Best first: certificate-checked TLS, then anonymous TLS, then Plain (password in clear) last. */
    private static final int[] PREFERENCE = {VeNCrypt.X509_PLAIN, VeNCrypt.X509_VNC, VeNCrypt.X509_NONE,
            VeNCrypt.TLS_PLAIN, VeNCrypt.TLS_VNC, VeNCrypt.TLS_NONE, VeNCrypt.PLAIN};

    private final Transport transport;
    private final Credentials credentials;
    private int chosen;

    VeNCryptClient(Transport transport, Credentials credentials) {
        this.transport = transport;
        this.credentials = credentials;
    }

    /** The sub-type agreed, after {@link #run}. */
    int chosen() { return chosen; }

    void run() throws IOException {
        RfbInput in = transport.in();
        DataOutputStream out = transport.out();
        in.context("VeNCrypt version", null);
        int major = in.u8(), minor = in.u8();
        if (major == 0 && minor < 2) throw new RfbAuthException("server speaks VeNCrypt " + major + "." + minor + ", we need 0.2");
        out.writeByte(0);
        out.writeByte(2);
        out.flush();
        if (in.u8() != 0) throw new RfbAuthException("server refused VeNCrypt version 0.2");
        in.context("VeNCrypt sub-types", null);
        int n = in.u8();
        if (n == 0) throw new RfbAuthException("server offers no VeNCrypt sub-type");
        List<Integer> offered = new ArrayList<>();
        for (int i = 0; i < n; i++) offered.add(in.s32());
        chosen = choose(offered);
        out.writeInt(chosen);
        out.flush();
        in.context("VeNCrypt sub-type ack", null);
        if (in.u8() != 1) throw new RfbAuthException("server refused VeNCrypt sub-type " + VeNCrypt.describe(chosen));
        if (VeNCrypt.anonymousTls(chosen)) transport.startTls(AnonymousTls.context(), true, false);
        if (VeNCrypt.x509(chosen)) {
            ServerTrust trust = credentials.trust();
            transport.startTls(trust.context(), false, trust.checksHostName());
        }
        if (VeNCrypt.usesVncAuth(chosen)) vncAuth();
        if (VeNCrypt.usesPlain(chosen)) plain();
    }

    private int choose(List<Integer> offered) throws RfbAuthException {
        if (credentials.x509VncOnly()) {
            if (offered.contains(VeNCrypt.X509_VNC) && credentials.password().isPresent()) return VeNCrypt.X509_VNC;
            if (offered.contains(VeNCrypt.X509_VNC)) throw new RfbAuthException("X509Vnc needs a password");
            throw new InsecureServerException(InsecureServerException.Why.NO_X509_VNC, "server offers no VeNCrypt X509Vnc (" + describe(offered) + ")");
        }
        boolean anonymous = AnonymousTls.available();
        List<String> why = new ArrayList<>();
        for (int t : PREFERENCE) {
            if (!offered.contains(t)) continue;
            if (VeNCrypt.usesPlain(t) && (credentials.username().isEmpty() || credentials.password().isEmpty())) {
                why.add(VeNCrypt.describe(t) + " needs a username and password");
            } else if (VeNCrypt.usesVncAuth(t) && credentials.password().isEmpty()) {
                why.add(VeNCrypt.describe(t) + " needs a password");
            } else if (VeNCrypt.anonymousTls(t) && !anonymous) {
                why.add(VeNCrypt.describe(t) + " needs anonymous TLS, which this JVM disables");
            } else {
                return t;
            }
        }
        StringBuilder b = new StringBuilder("no usable VeNCrypt sub-type (server offers ").append(describe(offered)).append(")");
        if (!why.isEmpty()) b.append(": ").append(String.join("; ", why));
        throw new RfbAuthException(b.toString());
    }

    private static String describe(List<Integer> offered) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < offered.size(); i++) b.append(i == 0 ? "" : ", ").append(VeNCrypt.describe(offered.get(i)));
        return b.toString();
    }

    private void vncAuth() throws IOException {
        RfbInput in = transport.in();
        in.context("VNC authentication", null);
        byte[] challenge = in.bytes(VncAuth.CHALLENGE_LENGTH);
        transport.out().write(VncAuth.response(challenge, credentials.password().orElseThrow()));
        transport.out().flush();
    }

    /** Plain: u32 username length, u32 password length, then both (UTF-8), as TigerVNC sends them. */
    private void plain() throws IOException {
        byte[] user = credentials.username().orElseThrow().getBytes(StandardCharsets.UTF_8);
        byte[] pass = credentials.password().orElseThrow().getBytes(StandardCharsets.UTF_8);
        DataOutputStream out = transport.out();
        out.writeInt(user.length);
        out.writeInt(pass.length);
        out.write(user);
        out.write(pass);
        out.flush();
        java.util.Arrays.fill(pass, (byte) 0);
    }
}
