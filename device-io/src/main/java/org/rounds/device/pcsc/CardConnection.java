package org.rounds.device.pcsc;

import java.util.Arrays;

import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * One connection to the card on a reader, for a short exchange of APDUs. It follows the two
 * ISO 7816-4 answers that ask the reader to talk again: {@code 61 xx} (more data: GET
 * RESPONSE for xx bytes) and {@code 6C xx} (wrong Le: send the same command with Le = xx),
 * which T=0 contact cards such as the CPS give to a {@code Le = 00}.
 */
final class CardConnection implements AutoCloseable {

    /** A response APDU: its data and its status word. */
    record Response(byte[] data, int sw) {
        boolean ok() {
            return sw == 0x9000;
        }
    }

    private static final int MAX_CHAINED = 16;   // a card that keeps saying "more" is broken

    private final Winscard lib;
    private final NativeLong card;
    private final long protocol;

    private CardConnection(Winscard lib, NativeLong card, long protocol) {
        this.lib = lib;
        this.card = card;
        this.protocol = protocol;
    }

    static CardConnection open(Winscard lib, NativeLong context, String reader) {
        NativeLongByReference card = new NativeLongByReference();
        NativeLongByReference protocol = new NativeLongByReference();
        long rv = Winscard.code(lib.SCardConnect(context, reader, new NativeLong(Winscard.SCARD_SHARE_SHARED),
                new NativeLong(Winscard.SCARD_PROTOCOL_T0 | Winscard.SCARD_PROTOCOL_T1), card, protocol));
        if (rv != Winscard.SCARD_S_SUCCESS) {
            throw new PcscException(rv, "connect");
        }
        return new CardConnection(lib, card.getValue(), protocol.getValue().longValue());
    }

    /** Sends one command APDU and answers its response, following 61xx and 6Cxx. */
    Response transmit(byte[] command) {
        byte[] cmd = command;
        byte[] collected = new byte[0];
        for (int round = 0; round < MAX_CHAINED; round++) {
            Response r = transmitOnce(cmd);
            int sw1 = r.sw() >>> 8;
            if (sw1 == 0x6C && command.length == 5) {
                cmd = command.clone();
                cmd[4] = (byte) r.sw();   // the card says how many bytes it has
            } else if (sw1 == 0x61) {
                collected = concat(collected, r.data());
                cmd = new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, (byte) r.sw()};   // GET RESPONSE
            } else {
                return new Response(concat(collected, r.data()), r.sw());
            }
        }
        throw new PcscException("the card asked to be read again more than " + MAX_CHAINED + " times");
    }

    private Response transmitOnce(byte[] command) {
        byte[] response = new byte[258];
        NativeLongByReference length = new NativeLongByReference(new NativeLong(response.length));
        long rv = Winscard.code(lib.SCardTransmit(card, new Winscard.IoRequest(protocol),
                command, new NativeLong(command.length), null, response, length));
        if (rv != Winscard.SCARD_S_SUCCESS) {
            throw new PcscException(rv, "transmit");
        }
        int n = (int) length.getValue().longValue();
        if (n < 2 || n > response.length) {
            throw new PcscException("the card answered " + n + " bytes, not a response APDU");
        }
        return new Response(Arrays.copyOf(response, n - 2), (response[n - 2] & 0xFF) << 8 | response[n - 1] & 0xFF);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() {
        lib.SCardDisconnect(card, new NativeLong(Winscard.SCARD_LEAVE_CARD));
    }
}
