package org.rounds.device.pcsc;

import java.util.Optional;

/**
 * Reads the French CPS card's EF.SN.ICC (path 3F00/D003), which holds the card's serial and
 * needs no PIN: SELECT the MF, SELECT the EF under it, READ BINARY. Cards that have no such
 * file answer the SELECT with an error status, which is "not a CPS card", not a failure.
 */
final class CpsSerialFile {

    static final byte[] SELECT_MF = {0x00, (byte) 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};
    static final byte[] SELECT_EF_SN_ICC = {0x00, (byte) 0xA4, 0x02, 0x0C, 0x02, (byte) 0xD0, 0x03};
    static final byte[] READ_BINARY = {0x00, (byte) 0xB0, 0x00, 0x00, 0x00};

    private CpsSerialFile() {}

    /** The file's content, or empty when the card has no EF.SN.ICC. */
    static Optional<byte[]> read(CardConnection card) {
        if (!card.transmit(SELECT_MF).ok() || !card.transmit(SELECT_EF_SN_ICC).ok()) {
            return Optional.empty();
        }
        CardConnection.Response r = card.transmit(READ_BINARY);
        if (!r.ok() && r.sw() != 0x6282) {   // 6282: end of file before Le bytes, data still good
            throw new PcscException(String.format("the card refused to read EF.SN.ICC (status %04X)", r.sw()));
        }
        return Optional.of(r.data());
    }
}
