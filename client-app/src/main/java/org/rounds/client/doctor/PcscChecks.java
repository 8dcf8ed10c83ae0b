package org.rounds.client.doctor;

import java.util.List;
import java.util.Locale;
import org.rounds.device.pcsc.PcscReaders;

/** Is the PC/SC daemon there, and which smart-card readers does it see (through device-io's PC/SC driver). */
final class PcscChecks {

    private static final String INSTALL = "apt-get install pcscd libpcsclite1, then start pcscd";

    private PcscChecks() {}

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    static Check daemon() {
        if (!linux()) {
            return Check.ok("pcscd", "not probed on " + System.getProperty("os.name") + " (the OS provides PC/SC)");
        }
        try {
            PcscReaders.names();
            return Check.ok("pcscd", "answers through libpcsclite");
        } catch (IllegalStateException e) {
            return Check.missing("pcscd", e.getMessage() + ": " + INSTALL);
        }
    }

    static Check readers() {
        if (!linux()) {
            return Check.ok("PC/SC readers", "not probed on " + System.getProperty("os.name"));
        }
        try {
            List<String> names = PcscReaders.names();
            if (names.isEmpty()) {
                return Check.ok("PC/SC readers", "none attached (fine if badges use HID or wedge readers)");
            }
            return Check.ok("PC/SC readers", names.size() + ": " + String.join(", ", names));
        } catch (IllegalStateException e) {
            return Check.missing("PC/SC readers", "cannot list readers: " + e.getMessage());
        }
    }
}
