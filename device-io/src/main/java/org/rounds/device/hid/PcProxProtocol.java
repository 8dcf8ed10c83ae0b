package org.rounds.device.hid;

import java.math.BigInteger;
import java.util.Optional;

import org.rounds.device.format.CardBits;

/**
 * The pcProx "SDK mode" exchange: every command is an 8-byte feature report (report id 0)
 * written and then, for a "get", an 8-byte feature report read back.
 *
 * <p>Where the layout comes from: RF IDeas does not publish it without their SDK licence. We
 * follow the open reimplementation by Michael Farrell (github.com/micolous/pcprox,
 * {@code protocol.md} and {@code pcprox.py}, tested by its author on an RDR-6081AKU, firmware
 * 07.3.0): write {@code 8F} then read buffer 0 = the card's data bits, little-endian, all zero
 * when no card is in the field; write {@code 8E} then read buffer 1 whose byte 0 is the number
 * of data bits in buffer 0 (8F must come first or 8E is never filled). Page 0 of the
 * configuration ({@code 80}) says in byte 2 how many leading (low nibble) and trailing (high
 * nibble) parity bits the reader strips before buffering. How sure: the command codes and
 * byte positions agree between that library's code and document and with our research notes
 * (8F then 8E); we have no pcProx here, so the fixtures under {@code test/resources/pcprox}
 * are built from that description, not captured from a device.
 */
final class PcProxProtocol {

    static final int VENDOR_ID = 0x0c27;
    static final byte REPORT_ID = 0;
    static final int REPORT_LENGTH = 8;

    static final int CARD_DATA = 0x8F;
    static final int CARD_BIT_COUNT = 0x8E;
    static final int CONFIG_PAGE_0 = 0x80;

    private PcProxProtocol() {}

    /** The device stopped answering (unplugged, or a transfer failed). */
    static final class DeviceGone extends Exception {
        private static final long serialVersionUID = 1L;

        DeviceGone(String message) {
            super(message);
        }
    }

    /** How many parity bits the reader strips at each end before buffering (configuration page 0, byte 2). */
    record Strip(int leading, int trailing) {
        static final Strip NONE = new Strip(0, 0);
    }

    static byte[] command(int code) {
        byte[] c = new byte[REPORT_LENGTH];
        c[0] = (byte) code;
        return c;
    }

    /** Writes a command and reads the 8-byte answer. */
    static byte[] interact(HidTransport hid, int code) throws DeviceGone {
        if (hid.sendFeatureReport(command(code), REPORT_ID) < 0) {
            throw new DeviceGone(String.format("the pcProx did not take command %02X", code));
        }
        byte[] answer = new byte[REPORT_LENGTH];
        int n = hid.getFeatureReport(answer, REPORT_ID);
        if (n < 0) {
            throw new DeviceGone(String.format("the pcProx did not answer command %02X", code));
        }
        return answer;
    }

    static Strip readStrip(HidTransport hid) throws DeviceGone {
        return parseStrip(interact(hid, CONFIG_PAGE_0));
    }

    static Strip parseStrip(byte[] page0) {
        return new Strip(page0[2] & 0x0F, (page0[2] >> 4) & 0x0F);
    }

    /** One poll: the card in the field, or empty when there is none. */
    static Optional<CardBits> poll(HidTransport hid, Strip strip) throws DeviceGone {
        byte[] data = interact(hid, CARD_DATA);
        if (allZero(data)) {
            return Optional.empty();
        }
        byte[] info = interact(hid, CARD_BIT_COUNT);
        return parse(data, info, strip);
    }

    /**
     * Buffer 0 (data, little-endian) and buffer 1 (byte 0 = bit count) to bits, first bit most
     * significant. Empty when the count is 0 or more than the buffer holds (a torn read).
     */
    static Optional<CardBits> parse(byte[] data, byte[] info, Strip strip) {
        int bits = info[0] & 0xFF;
        if (bits == 0 || bits > REPORT_LENGTH * 8) {
            return Optional.empty();
        }
        byte[] bigEndian = new byte[(bits + 7) / 8];
        for (int i = 0; i < bigEndian.length; i++) {
            bigEndian[i] = data[bigEndian.length - 1 - i];
        }
        BigInteger value = new BigInteger(1, bigEndian).and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        return Optional.of(new CardBits(bits, value, strip.leading(), strip.trailing()));
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
