package org.rounds.testpeers;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A card for vsmartcard's vpcd, in Java: a contactless card answering GET UID, or a CPS-like
 * contact card holding EF.SN.ICC. Wire: every message is [u16 BE length] [payload]; a 1-byte
 * payload from vpcd is a control code (0 off, 1 on, 2 reset, 4 "send your ATR"), anything
 * longer is a command APDU answered with a response APDU. Connecting inserts the card, closing
 * removes it.
 */
public final class VirtualCard implements AutoCloseable {

    /** PC/SC part 3 ATR of a contactless storage card (T=1). */
    public static final byte[] ATR = HexFormat.of().parseHex("3B8F8001804F0CA000000306030001000000006A");

    /**
     * ATR of a T=1 contact card whose historical bytes read "CPS-TEST" (TCK computed below):
     * the reader hands every APDU to the card, so GET UID reaches it and is refused.
     */
    public static final byte[] CONTACT_ATR = withTck(HexFormat.of().parseHex("3B8880014350532D54455354"));

    private final byte[] atr;
    private final java.util.function.Function<byte[], byte[]> apdus;
    private final Socket socket;
    private final Thread thread;

    /** Inserts a contactless card with this UID into the vpcd reader listening on {@code port} (see {@link Pcscd#vpcdPort}). */
    public VirtualCard(int port, byte[] uid) throws IOException {
        this(port, ATR, contactless(uid.clone()));
    }

    /**
     * Inserts a CPS-like contact card whose EF.SN.ICC (3F00/D003) holds {@code efSnIcc}. Like a
     * T=0 card it answers READ BINARY with a wrong Le by {@code 6C xx} (the right length).
     */
    public static VirtualCard cps(int port, byte[] efSnIcc) throws IOException {
        return new VirtualCard(port, CONTACT_ATR, new CpsApplet(efSnIcc.clone()));
    }

    private VirtualCard(int port, byte[] atr, java.util.function.Function<byte[], byte[]> apdus) throws IOException {
        this.atr = atr;
        this.apdus = apdus;
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        this.thread = new Thread(this::serve, "virtual-card");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void serve() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                byte[] msg = new byte[in.readUnsignedShort()];
                in.readFully(msg);
                byte[] reply = answer(msg);
                if (reply != null) {
                    out.writeShort(reply.length);
                    out.write(reply);
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // removed
        }
    }

    private byte[] answer(byte[] msg) {
        if (msg.length == 1) {
            return msg[0] == 4 ? atr : null;
        }
        return apdus.apply(msg);
    }

    private static java.util.function.Function<byte[], byte[]> contactless(byte[] uid) {
        return apdu -> {
            if (apdu.length >= 4 && (apdu[0] & 0xFF) == 0xFF && (apdu[1] & 0xFF) == 0xCA && apdu[2] == 0 && apdu[3] == 0) {
                return ok(uid);
            }
            return new byte[] {0x6D, 0x00};   // instruction not supported
        };
    }

    /** The CPS card's file system, reduced to MF and EF.SN.ICC. */
    private static final class CpsApplet implements java.util.function.Function<byte[], byte[]> {
        private final byte[] file;
        private String selected = "";

        CpsApplet(byte[] file) {
            this.file = file;
        }

        @Override
        public byte[] apply(byte[] apdu) {
            if ((apdu[0] & 0xFF) != 0x00) return new byte[] {0x6E, 0x00};   // class not supported (GET UID's FF)
            int ins = apdu[1] & 0xFF;
            if (ins == 0xA4 && apdu.length >= 7) {
                String fid = HexFormat.of().formatHex(apdu, 5, 7).toUpperCase();
                if (fid.equals("3F00") || (fid.equals("D003") && selected.equals("3F00"))) {
                    selected = fid;
                    return new byte[] {(byte) 0x90, 0x00};
                }
                return new byte[] {0x6A, (byte) 0x82};   // file not found
            }
            if (ins == 0xB0 && apdu.length == 5) {
                if (!selected.equals("D003")) return new byte[] {0x69, (byte) 0x86};   // no current EF
                int le = apdu[4] & 0xFF;
                if (le != file.length) return new byte[] {0x6C, (byte) file.length};
                return ok(file);
            }
            return new byte[] {0x6D, 0x00};
        }
    }

    private static byte[] ok(byte[] data) {
        byte[] r = Arrays.copyOf(data, data.length + 2);
        r[data.length] = (byte) 0x90;
        return r;
    }

    private static byte[] withTck(byte[] atr) {
        byte tck = 0;
        for (int i = 1; i < atr.length; i++) tck ^= atr[i];
        byte[] out = Arrays.copyOf(atr, atr.length + 1);
        out[atr.length] = tck;
        return out;
    }

    /** Takes the card off the reader. */
    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
