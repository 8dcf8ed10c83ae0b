package org.rounds.device.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How this site turns a badge's raw bits into the id it enrolls, chosen in configuration by
 * name (see {@link #parse}). A format never throws on card data: it returns
 * {@link Decoded.Rejected} with one line saying what was wrong (wrong length, bad parity).
 */
public interface CredentialFormat {

    /** The configuration name, e.g. {@code "h10301"}. */
    String name();

    Decoded decode(CardBits bits);

    /**
     * A format by its configuration name; several separated by commas are tried in order and
     * the first that accepts the card wins (e.g. {@code "h10301,corp1000,raw"}). Names:
     * <ul>
     * <li>{@code uid-hex}, {@code uid-hex-reversed}: the bytes as upper-case hex, as read or
     *     last byte first (some systems print a MIFARE UID that way);</li>
     * <li>{@code uid-dec}, {@code uid-dec-reversed}: the same bytes as one unsigned decimal;</li>
     * <li>{@code h10301}, {@code h10301-card}: HID 26-bit, {@code "facility:card"} or card only;</li>
     * <li>{@code corp1000}, {@code corp1000-card}: HID Corporate 1000 35-bit,
     *     {@code "company:card"} or card only;</li>
     * <li>{@code cps-serial}: the French CPS card serial from EF.SN.ICC;</li>
     * <li>{@code raw}: {@code "<bit count>:<hex>"}, accepts anything.</li>
     * </ul>
     *
     * @throws IllegalArgumentException one line naming the unknown format and the known ones
     */
    static CredentialFormat parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no credential format given; known: " + KNOWN);
        }
        List<CredentialFormat> formats = new ArrayList<>();
        for (String part : spec.split(",")) {
            formats.add(single(part.strip().toLowerCase(Locale.ROOT)));
        }
        return formats.size() == 1 ? formats.get(0) : new FirstMatch(formats);
    }

    String KNOWN = "uid-hex, uid-hex-reversed, uid-dec, uid-dec-reversed, h10301, h10301-card, "
            + "corp1000, corp1000-card, cps-serial, raw";

    private static CredentialFormat single(String name) {
        return switch (name) {
            case "uid-hex" -> new UidFormat(UidFormat.Radix.HEX, false);
            case "uid-hex-reversed" -> new UidFormat(UidFormat.Radix.HEX, true);
            case "uid-dec" -> new UidFormat(UidFormat.Radix.DECIMAL, false);
            case "uid-dec-reversed" -> new UidFormat(UidFormat.Radix.DECIMAL, true);
            case "h10301" -> new H10301(true);
            case "h10301-card" -> new H10301(false);
            case "corp1000" -> new Corporate1000(true);
            case "corp1000-card" -> new Corporate1000(false);
            case "cps-serial" -> new CpsSerial();
            case "raw" -> new RawBits();
            default -> throw new IllegalArgumentException("unknown credential format '" + name + "'; known: " + KNOWN);
        };
    }
}
