package org.rounds.client.doctor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * The few pcsc-lite calls the doctor makes (Linux). pcsc-lite's {@code DWORD} is
 * {@code unsigned long} and {@code SCARDCONTEXT} is {@code long} on 64-bit Linux: both are
 * {@link NativeLong} here (macOS and Windows use 32-bit DWORDs and are not bound here).
 */
interface PcscLite extends Library {

    long SCARD_S_SUCCESS = 0L;
    long SCARD_E_NO_SERVICE = 0x8010001DL;
    long SCARD_E_NO_READERS_AVAILABLE = 0x8010002EL;
    long SCARD_SCOPE_SYSTEM = 2L;

    // LONG SCardEstablishContext(DWORD dwScope, LPCVOID pvReserved1, LPCVOID pvReserved2, LPSCARDCONTEXT phContext);
    NativeLong SCardEstablishContext(NativeLong dwScope, Pointer pvReserved1, Pointer pvReserved2,
                                     NativeLongByReference phContext);

    // LONG SCardReleaseContext(SCARDCONTEXT hContext);
    NativeLong SCardReleaseContext(NativeLong hContext);

    // LONG SCardListReaders(SCARDCONTEXT hContext, LPCSTR mszGroups, LPSTR mszReaders, LPDWORD pcchReaders);
    NativeLong SCardListReaders(NativeLong hContext, Pointer mszGroups, Pointer mszReaders,
                                NativeLongByReference pcchReaders);

    /** Loads libpcsclite (the unversioned name needs the -dev package, so try the soname too). */
    static PcscLite load() {
        UnsatisfiedLinkError first = null;
        for (String name : new String[] {"pcsclite", "libpcsclite.so.1"}) {
            try {
                return Native.load(name, PcscLite.class);
            } catch (UnsatisfiedLinkError e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    /** pcsc-lite's LONG codes are 32-bit values sign- or zero-extended: compare the low 32 bits. */
    static long code(NativeLong rv) {
        return rv.longValue() & 0xFFFFFFFFL;
    }
}
