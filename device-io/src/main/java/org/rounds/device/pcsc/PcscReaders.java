package org.rounds.device.pcsc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;

/** The PC/SC readers pcscd sees now, by name (to pick the one a {@link PcscReader} watches). */
public final class PcscReaders {

    private PcscReaders() {}

    /**
     * The reader names, empty when none is attached.
     *
     * @throws IllegalStateException with one line when libpcsclite is missing or pcscd is not running
     */
    public static List<String> names() {
        Winscard lib;
        try {
            lib = Winscard.load();
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("libpcsclite is not installed (apt-get install libpcsclite1)");
        }
        NativeLongByReference ctx = new NativeLongByReference();
        long rv = Winscard.code(lib.SCardEstablishContext(new NativeLong(Winscard.SCARD_SCOPE_SYSTEM), null, null, ctx));
        if (rv != Winscard.SCARD_S_SUCCESS) {
            throw new IllegalStateException(Winscard.describe(rv));
        }
        try {
            NativeLongByReference size = new NativeLongByReference(new NativeLong(0));
            rv = Winscard.code(lib.SCardListReaders(ctx.getValue(), null, null, size));
            if (rv == Winscard.SCARD_E_NO_READERS_AVAILABLE || size.getValue().longValue() <= 1) {
                return List.of();
            }
            if (rv != Winscard.SCARD_S_SUCCESS) {
                throw new IllegalStateException("listing readers: " + Winscard.describe(rv));
            }
            Memory buffer = new Memory(size.getValue().longValue());
            rv = Winscard.code(lib.SCardListReaders(ctx.getValue(), null, buffer, size));
            if (rv == Winscard.SCARD_E_NO_READERS_AVAILABLE) {
                return List.of();
            }
            if (rv != Winscard.SCARD_S_SUCCESS) {
                throw new IllegalStateException("listing readers: " + Winscard.describe(rv));
            }
            return parseMultiString(buffer.getByteArray(0, (int) Math.min(buffer.size(), size.getValue().longValue())));
        } finally {
            lib.SCardReleaseContext(ctx.getValue());
        }
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
                names.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }
}
