package org.rounds.testpeers;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A contactless card for vsmartcard's vpcd, in Java. Wire: every message is [u16 BE length]
 * [payload]; a 1-byte payload from vpcd is a control code (0 off, 1 on, 2 reset, 4 "send your
 * ATR"), anything longer is a command APDU answered with a response APDU. Connecting inserts
 * the card, closing removes it.
 */
public final class VirtualCard implements AutoCloseable {

    /** PC/SC part 3 ATR of a contactless storage card (T=1). */
    public static final byte[] ATR = HexFormat.of().parseHex("3B8F8001804F0CA000000306030001000000006A");

    private final byte[] uid;
    private final Socket socket;
    private final Thread thread;

    /** Inserts a card with this UID into the vpcd reader listening on {@code port} (see {@link Pcscd#vpcdPort}). */
    public VirtualCard(int port, byte[] uid) throws IOException {
        this.uid = uid.clone();
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
            return msg[0] == 4 ? ATR : null;
        }
        if (msg.length >= 4 && (msg[0] & 0xFF) == 0xFF && (msg[1] & 0xFF) == 0xCA && msg[2] == 0 && msg[3] == 0) {
            byte[] r = Arrays.copyOf(uid, uid.length + 2);
            r[uid.length] = (byte) 0x90;
            return r;
        }
        return new byte[] {0x6D, 0x00};   // instruction not supported
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
