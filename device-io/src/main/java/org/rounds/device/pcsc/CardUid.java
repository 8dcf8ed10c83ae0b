package org.rounds.device.pcsc;

import java.util.Arrays;
import java.util.HexFormat;

import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * Reads a contactless card's UID with the PC/SC part 3 pseudo-APDU {@code FF CA 00 00 00},
 * answered by the UID bytes and {@code 90 00}.
 */
final class CardUid {

    static final byte[] GET_UID = {(byte) 0xFF, (byte) 0xCA, 0x00, 0x00, 0x00};

    private CardUid() {}

    /** The UID, or throws {@link PcscException} with a one-line reason. */
    static byte[] read(Winscard lib, NativeLong context, String reader) {
        NativeLongByReference card = new NativeLongByReference();
        NativeLongByReference protocol = new NativeLongByReference();
        long rv = Winscard.code(lib.SCardConnect(context, reader, new NativeLong(Winscard.SCARD_SHARE_SHARED),
                new NativeLong(Winscard.SCARD_PROTOCOL_T0 | Winscard.SCARD_PROTOCOL_T1), card, protocol));
        if (rv != Winscard.SCARD_S_SUCCESS) {
            throw new PcscException(rv, "connect");
        }
        try {
            byte[] response = new byte[258];
            NativeLongByReference length = new NativeLongByReference(new NativeLong(response.length));
            rv = Winscard.code(lib.SCardTransmit(card.getValue(), new Winscard.IoRequest(protocol.getValue().longValue()),
                    GET_UID, new NativeLong(GET_UID.length), null, response, length));
            if (rv != Winscard.SCARD_S_SUCCESS) {
                throw new PcscException(rv, "transmit");
            }
            return parse(Arrays.copyOf(response, (int) length.getValue().longValue()));
        } finally {
            lib.SCardDisconnect(card.getValue(), new NativeLong(Winscard.SCARD_LEAVE_CARD));
        }
    }

    /** UID bytes from a response APDU; the status word must be 90 00 and the UID non-empty. */
    static byte[] parse(byte[] response) {
        int n = response.length;
        if (n < 2) {
            throw new PcscException("the card's answer to GET UID is " + n + " bytes");
        }
        int sw = (response[n - 2] & 0xFF) << 8 | response[n - 1] & 0xFF;
        if (sw != 0x9000) {
            throw new PcscException(String.format("the card refused GET UID (status %04X)", sw));
        }
        if (n == 2) {
            throw new PcscException("the card returned an empty UID");
        }
        return Arrays.copyOf(response, n - 2);
    }

    static String hex(byte[] uid) {
        return HexFormat.of().withUpperCase().formatHex(uid);
    }
}
