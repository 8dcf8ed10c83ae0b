package org.rounds.device.format;

import java.util.HexFormat;

/** Any card: {@code "<bit count>:<hex of the bits right-aligned>"}, for sites whose format we do not know. */
final class RawBits implements CredentialFormat {

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public Decoded decode(CardBits bits) {
        return new Decoded.Id(bits.length() + ":" + HexFormat.of().withUpperCase().formatHex(bits.toBytes()));
    }
}
