package org.rounds.device.pcsc;

import java.util.HexFormat;

/**
 * Reads a contactless card's UID with the PC/SC part 3 pseudo-APDU {@code FF CA 00 00 00},
 * answered by the UID bytes and {@code 90 00}. Contact cards refuse it (their reader passes
 * the APDU to the card, which knows no class FF).
 */
final class CardUid {

    static final byte[] GET_UID = {(byte) 0xFF, (byte) 0xCA, 0x00, 0x00, 0x00};

    private CardUid() {}

    /** The UID, or empty when the card refuses GET UID (a contact card); throws {@link PcscException} when it answers nonsense. */
    static java.util.Optional<byte[]> read(CardConnection card) {
        CardConnection.Response r = card.transmit(GET_UID);
        if (!r.ok()) {
            return java.util.Optional.empty();
        }
        if (r.data().length == 0) {
            throw new PcscException("the card returned an empty UID");
        }
        return java.util.Optional.of(r.data());
    }

    static String hex(byte[] uid) {
        return HexFormat.of().withUpperCase().formatHex(uid);
    }
}
