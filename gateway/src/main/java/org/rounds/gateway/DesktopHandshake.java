package org.rounds.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.rounds.broker.api.TunnelTarget;

/**
 * The gateway's own RFB client handshake with a desktop host, for {@code --desktop-tls gateway}:
 * RFB 3.8, security VeNCrypt (19), sub-type X509Vnc (261), TLS checked against the pin the broker
 * gave with the ticket (nothing else is trusted: no chain, no host name), VNC authentication with
 * the session's one-time password, ClientInit and ServerInit. What it returns is the TLS socket,
 * ready for the relay, and the ServerInit's bytes to hand the outside device.
 *
 * <p>Written here rather than taken from display-protocol: the gateway depends on broker-api
 * only, and this is all of RFB it needs (it never parses an update). Every read is bounded, the
 * whole handshake has one deadline (the socket is closed when it passes), and no message holds
 * the password.
 */
final class DesktopHandshake {
    static final int SECURITY_VENCRYPT = 19;
    static final int VENCRYPT_X509_VNC = 261;
    private static final byte[] VERSION_38 = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_REASON = 1024;
    /** A desktop's name is a window title; noVNC and TigerVNC cap theirs at a few KiB too. */
    private static final int MAX_NAME = 4096;

    /** The host broke the handshake; the message is one line for the log and the outside device, without the password. */
    static final class Failed extends IOException {
        Failed(String message) { super(message); }
    }

    /** The host's TLS socket after ServerInit, and ServerInit's bytes as the host sent them. */
    record Ready(SSLSocket socket, byte[] serverInit) {}

    private DesktopHandshake() {}

    /**
     * Runs the handshake on {@code host} (connected) within {@code deadlineMs}; on any failure the
     * socket is closed and {@link Failed} says what was wrong in one line.
     */
    static Ready run(Socket host, TunnelTarget target, long deadlineMs, ScheduledExecutorService timer) throws Failed {
        if (target.pin() == null || target.pin().isBlank() || target.password() == null)
            throw closing(host, "the broker gave no host certificate pin or desktop password with the ticket (a broker older than the gateway?)");
        boolean[] late = {false};
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            late[0] = true;
            closeQuietly(host);
        }, deadlineMs, TimeUnit.MILLISECONDS);
        try {
            return steps(host, target);
        } catch (Failed e) {
            closeQuietly(host);
            throw e;
        } catch (IOException e) {
            closeQuietly(host);
            if (late[0]) throw new Failed("the desktop host did not finish the RFB handshake within " + deadlineMs + " ms");
            throw new Failed("the desktop host broke the RFB handshake: " + oneLine(e));
        } finally {
            deadline.cancel(false);
        }
    }

    private static Ready steps(Socket host, TunnelTarget target) throws IOException {
        DataInputStream in = new DataInputStream(host.getInputStream());
        DataOutputStream out = new DataOutputStream(host.getOutputStream());
        byte[] version = new byte[12];
        in.readFully(version);
        String v = new String(version, StandardCharsets.US_ASCII);
        if (!v.matches("RFB 003\\.(00[89]|0[1-9]\\d|[1-9]\\d\\d)\n"))
            throw new Failed("the desktop host does not speak RFB 3.8 (it sent \"" + v.strip().replaceAll("\\p{Cntrl}", "?") + "\")");
        out.write(VERSION_38);
        out.flush();

        int n = in.readUnsignedByte();
        if (n == 0) throw new Failed("the desktop host refused the connection: " + reason(in));
        byte[] types = new byte[n];
        in.readFully(types);
        boolean vencrypt = false;
        for (byte t : types) vencrypt |= (t & 0xFF) == SECURITY_VENCRYPT;
        if (!vencrypt) throw new Failed("the desktop host offers no VeNCrypt (security types " + Arrays.toString(unsigned(types)) + "): refused");
        out.writeByte(SECURITY_VENCRYPT);
        out.flush();

        int major = in.readUnsignedByte(), minor = in.readUnsignedByte();
        if (major != 0 || minor < 2) throw new Failed("the desktop host speaks VeNCrypt " + major + "." + minor + ", not 0.2");
        out.writeByte(0);
        out.writeByte(2);
        out.flush();
        if (in.readUnsignedByte() != 0) throw new Failed("the desktop host refused VeNCrypt 0.2");
        int subs = in.readUnsignedByte();
        boolean x509Vnc = false;
        for (int i = 0; i < subs; i++) x509Vnc |= in.readInt() == VENCRYPT_X509_VNC;
        if (!x509Vnc) throw new Failed("the desktop host offers no VeNCrypt X509Vnc: refused");
        out.writeInt(VENCRYPT_X509_VNC);
        out.flush();
        if (in.readUnsignedByte() != 1) throw new Failed("the desktop host refused VeNCrypt X509Vnc");

        SSLSocket tls = tls(host, target);
        in = new DataInputStream(tls.getInputStream());
        out = new DataOutputStream(tls.getOutputStream());
        byte[] challenge = new byte[16];
        in.readFully(challenge);
        out.write(vncAuth(challenge, target.password()));
        out.flush();
        if (in.readInt() != 0) throw new Failed("the desktop host refused the session's one-time password: " + reason(in) + "; sign in again");

        out.writeByte(1);   // shared, as the endpoint's own client asks: the broker, not this flag, decides who else may watch
        out.flush();
        ByteArrayOutputStream init = new ByteArrayOutputStream();
        byte[] head = new byte[24];   // width, height, pixel format (16), name length
        in.readFully(head);
        int nameLength = ((head[20] & 0xFF) << 24) | ((head[21] & 0xFF) << 16) | ((head[22] & 0xFF) << 8) | (head[23] & 0xFF);
        if (nameLength < 0 || nameLength > MAX_NAME) throw new Failed("the desktop host sent a desktop name of " + Integer.toUnsignedString(nameLength)
                + " bytes, more than " + MAX_NAME);
        byte[] name = new byte[nameLength];
        in.readFully(name);
        init.write(head);
        init.write(name);
        return new Ready(tls, init.toByteArray());
    }

    private static SSLSocket tls(Socket host, TunnelTarget target) throws IOException {
        String pin = target.pin().toLowerCase(Locale.ROOT).replace(":", "");
        if (pin.startsWith("sha256/") || pin.startsWith("sha256=")) pin = pin.substring(7);
        String wanted = pin;
        SSLSocket tls;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Pinned(wanted)}, null);
            tls = (SSLSocket) ctx.getSocketFactory().createSocket(host, target.host(), target.port(), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a TLS context: " + e.getMessage(), e);
        }
        try {
            tls.startHandshake();
        } catch (SSLException e) {
            for (Throwable c = e; c != null; c = c.getCause())
                if (c instanceof PinMismatch m) throw new Failed(m.getMessage());
            throw new Failed("the desktop host's TLS handshake failed: " + oneLine(e));
        }
        return tls;
    }

    static byte[] vncAuth(byte[] challenge, String password) {
        byte[] key = new byte[8];
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        // the original VNC DES code reverses each key byte's bits, and every implementation keeps it
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

    private static String reason(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_REASON) return "(a reason of " + Integer.toUnsignedString(length) + " bytes, not read)";
        byte[] r = new byte[length];
        in.readFully(r);
        return new String(r, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ").strip();
    }

    private static int[] unsigned(byte[] b) {
        int[] u = new int[b.length];
        for (int i = 0; i < b.length; i++) u[i] = b[i] & 0xFF;
        return u;
    }

    private static String oneLine(Throwable e) {
        if (e instanceof EOFException || (e instanceof SocketException && e.getMessage() != null && e.getMessage().contains("closed")))
            return "the connection closed";
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }

    private static Failed closing(Socket s, String message) {
        closeQuietly(s);
        return new Failed(message);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }

    private static final class PinMismatch extends CertificateException {
        PinMismatch(String message) { super(message); }
    }

    /** Exactly the pinned certificate: the broker knows each host's, and a CA would trust others too. */
    private static final class Pinned implements X509TrustManager {
        private final String pin;

        Pinned(String pin) { this.pin = pin; }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) throw new PinMismatch("the desktop host sent no certificate: refused");
            String got;
            try {
                got = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new CertificateException("cannot fingerprint the desktop host's certificate", e);
            }
            if (!got.equals(pin))
                throw new PinMismatch("the desktop host's certificate (SHA-256 " + got.substring(0, 16) + "…) does not match the broker's pin "
                        + (pin.length() >= 16 ? pin.substring(0, 16) : pin) + "…: refused");
        }

        @Override public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException { throw new CertificateException("not a server"); }

        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
