package org.rounds.device.format;

import java.util.List;
import java.util.stream.Collectors;

/** Tries formats in order; the first that accepts wins, else every reason in one line. */
final class FirstMatch implements CredentialFormat {

    private final List<CredentialFormat> formats;

    FirstMatch(List<CredentialFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    @Override
    public String name() {
        return formats.stream().map(CredentialFormat::name).collect(Collectors.joining(","));
    }

    @Override
    public Decoded decode(CardBits bits) {
        StringBuilder reasons = new StringBuilder();
        for (CredentialFormat f : formats) {
            Decoded d = f.decode(bits);
            if (d instanceof Decoded.Id) {
                return d;
            }
            reasons.append(reasons.length() == 0 ? "" : "; ").append(((Decoded.Rejected) d).reason());
        }
        return new Decoded.Rejected(reasons.toString());
    }
}
