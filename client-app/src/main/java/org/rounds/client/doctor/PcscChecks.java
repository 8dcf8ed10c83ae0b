package org.rounds.client.doctor;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;

/** Is the PC/SC daemon there, and which smart-card readers does it see. */
final class PcscChecks {

    static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
    private static final String INSTALL = "apt-get install pcscd libpcsclite1, then start pcscd";

    private PcscChecks() {}

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    static Check daemon() {
        if (!linux()) {
            return Check.ok("pcscd", "not probed on " + System.getProperty("os.name") + " (the OS provides PC/SC)");
        }
        PcscLite lib;
        try {
            lib = PcscLite.load();
        } catch (UnsatisfiedLinkError e) {
            return socketOnly();
        }
        NativeLongByReference ctx = new NativeLongByReference();
        long rv = PcscLite.code(lib.SCardEstablishContext(new NativeLong(PcscLite.SCARD_SCOPE_SYSTEM), null, null, ctx));
        if (rv != PcscLite.SCARD_S_SUCCESS) {
            return Check.missing("pcscd", describe(rv) + " from SCardEstablishContext: " + INSTALL);
        }
        lib.SCardReleaseContext(ctx.getValue());
        return Check.ok("pcscd", "answers through libpcsclite on " + SOCKET);
    }

    private static Check socketOnly() {
        if (!Files.exists(SOCKET)) {
            return Check.missing("pcscd", "libpcsclite not found and " + SOCKET + " does not exist: " + INSTALL);
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(SOCKET));
            return Check.missing("pcscd", "pcscd answers on " + SOCKET + " but libpcsclite is missing:"
                    + " apt-get install libpcsclite1");
        } catch (IOException e) {
            return Check.missing("pcscd", SOCKET + " refuses connections (pcscd not running?): " + INSTALL);
        }
    }

    static Check readers() {
        if (!linux()) {
            return Check.ok("PC/SC readers", "not probed on " + System.getProperty("os.name"));
        }
        PcscLite lib;
        try {
            lib = PcscLite.load();
        } catch (UnsatisfiedLinkError e) {
            return Check.missing("PC/SC readers", "libpcsclite not found: apt-get install libpcsclite1");
        }
        NativeLongByReference ctx = new NativeLongByReference();
        long rv = PcscLite.code(lib.SCardEstablishContext(new NativeLong(PcscLite.SCARD_SCOPE_SYSTEM), null, null, ctx));
        if (rv != PcscLite.SCARD_S_SUCCESS) {
            return Check.missing("PC/SC readers", "cannot list readers: " + describe(rv));
        }
        try {
            List<String> names = list(lib, ctx.getValue());
            if (names.isEmpty()) {
                return Check.ok("PC/SC readers", "none attached (fine if badges use HID or wedge readers)");
            }
            return Check.ok("PC/SC readers", names.size() + ": " + String.join(", ", names));
        } catch (IllegalStateException e) {
            return Check.missing("PC/SC readers", e.getMessage());
        } finally {
            lib.SCardReleaseContext(ctx.getValue());
        }
    }

    private static List<String> list(PcscLite lib, NativeLong ctx) {
        NativeLongByReference size = new NativeLongByReference(new NativeLong(0));
        long rv = PcscLite.code(lib.SCardListReaders(ctx, null, null, size));
        if (rv == PcscLite.SCARD_E_NO_READERS_AVAILABLE) {
            return List.of();
        }
        if (rv != PcscLite.SCARD_S_SUCCESS) {
            throw new IllegalStateException("SCardListReaders: " + describe(rv));
        }
        long n = size.getValue().longValue();
        if (n <= 1) {
            return List.of();
        }
        Memory buffer = new Memory(n);
        rv = PcscLite.code(lib.SCardListReaders(ctx, null, buffer, size));
        if (rv == PcscLite.SCARD_E_NO_READERS_AVAILABLE) {
            return List.of();
        }
        if (rv != PcscLite.SCARD_S_SUCCESS) {
            throw new IllegalStateException("SCardListReaders: " + describe(rv));
        }
        return parseMultiString(buffer.getByteArray(0, (int) Math.min(n, size.getValue().longValue())));
    }

    /** A PC/SC multi-string: names each ended by NUL, the list ended by an empty name. */
    static List<String> parseMultiString(byte[] bytes) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                if (i == start) {
                    break;
                }
                names.add(new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    static String describe(long rv) {
        if (rv == PcscLite.SCARD_E_NO_SERVICE) {
            return "pcscd is not running (SCARD_E_NO_SERVICE)";
        }
        return String.format(Locale.ROOT, "PC/SC error 0x%08X", rv);
    }
}
