package org.rounds.device.pcsc;

import java.util.List;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * Raw pcsc-lite bindings (Linux). pcsc-lite's {@code DWORD} is {@code unsigned long} and
 * {@code LONG}, {@code SCARDCONTEXT}, {@code SCARDHANDLE} are {@code long}: 64 bits on 64-bit
 * Linux, all {@link NativeLong} here. macOS (32-bit DWORD) and Windows (winscard.dll, 32-bit
 * DWORD, pointer-sized handles) need their own layouts; not bound yet.
 */
interface Winscard extends Library {

    long SCARD_S_SUCCESS = 0x0L;
    long SCARD_E_CANCELLED = 0x80100002L;
    long SCARD_E_INVALID_HANDLE = 0x80100003L;
    long SCARD_F_COMM_ERROR = 0x80100013L;
    long SCARD_E_UNKNOWN_READER = 0x80100009L;
    long SCARD_E_TIMEOUT = 0x8010000AL;
    long SCARD_E_NO_SMARTCARD = 0x8010000CL;
    long SCARD_E_NO_SERVICE = 0x8010001DL;
    long SCARD_E_SERVICE_STOPPED = 0x8010001EL;
    long SCARD_E_NO_READERS_AVAILABLE = 0x8010002EL;
    long SCARD_W_REMOVED_CARD = 0x80100069L;

    int SCARD_SCOPE_SYSTEM = 2;
    int SCARD_SHARE_SHARED = 2;
    int SCARD_PROTOCOL_T0 = 1;
    int SCARD_PROTOCOL_T1 = 2;
    int SCARD_LEAVE_CARD = 0;

    int SCARD_STATE_UNAWARE = 0x0;
    int SCARD_STATE_CHANGED = 0x2;
    int SCARD_STATE_UNKNOWN = 0x4;
    int SCARD_STATE_UNAVAILABLE = 0x8;
    int SCARD_STATE_EMPTY = 0x10;
    int SCARD_STATE_PRESENT = 0x20;
    int SCARD_STATE_MUTE = 0x200;

    // LONG SCardEstablishContext(DWORD dwScope, LPCVOID pvReserved1, LPCVOID pvReserved2, LPSCARDCONTEXT phContext);
    NativeLong SCardEstablishContext(NativeLong dwScope, Pointer r1, Pointer r2, NativeLongByReference phContext);

    // LONG SCardReleaseContext(SCARDCONTEXT hContext);
    NativeLong SCardReleaseContext(NativeLong hContext);

    // LONG SCardCancel(SCARDCONTEXT hContext);
    NativeLong SCardCancel(NativeLong hContext);

    // LONG SCardListReaders(SCARDCONTEXT hContext, LPCSTR mszGroups, LPSTR mszReaders, LPDWORD pcchReaders);
    NativeLong SCardListReaders(NativeLong hContext, Pointer mszGroups, Pointer mszReaders,
                                NativeLongByReference pcchReaders);

    // LONG SCardGetStatusChange(SCARDCONTEXT hContext, DWORD dwTimeout, SCARD_READERSTATE *rgReaderStates, DWORD cReaders);
    NativeLong SCardGetStatusChange(NativeLong hContext, NativeLong dwTimeout, ReaderState[] rgReaderStates,
                                    NativeLong cReaders);

    // LONG SCardConnect(SCARDCONTEXT hContext, LPCSTR szReader, DWORD dwShareMode, DWORD dwPreferredProtocols,
    //                   LPSCARDHANDLE phCard, LPDWORD pdwActiveProtocol);
    NativeLong SCardConnect(NativeLong hContext, String szReader, NativeLong dwShareMode,
                            NativeLong dwPreferredProtocols, NativeLongByReference phCard,
                            NativeLongByReference pdwActiveProtocol);

    // LONG SCardDisconnect(SCARDHANDLE hCard, DWORD dwDisposition);
    NativeLong SCardDisconnect(NativeLong hCard, NativeLong dwDisposition);

    // LONG SCardTransmit(SCARDHANDLE hCard, const SCARD_IO_REQUEST *pioSendPci, LPCBYTE pbSendBuffer,
    //                    DWORD cbSendLength, SCARD_IO_REQUEST *pioRecvPci, LPBYTE pbRecvBuffer, LPDWORD pcbRecvLength);
    NativeLong SCardTransmit(NativeLong hCard, IoRequest pioSendPci, byte[] pbSendBuffer, NativeLong cbSendLength,
                             IoRequest pioRecvPci, byte[] pbRecvBuffer, NativeLongByReference pcbRecvLength);

    /**
     * typedef struct { const char *szReader; void *pvUserData; DWORD dwCurrentState;
     * DWORD dwEventState; DWORD cbAtr; unsigned char rgbAtr[33]; } SCARD_READERSTATE;
     * 80 bytes on 64-bit Linux.
     */
    @Structure.FieldOrder({"szReader", "pvUserData", "dwCurrentState", "dwEventState", "cbAtr", "rgbAtr"})
    class ReaderState extends Structure {
        public String szReader;
        public Pointer pvUserData;
        public NativeLong dwCurrentState = new NativeLong(0);
        public NativeLong dwEventState = new NativeLong(0);
        public NativeLong cbAtr = new NativeLong(0);
        public byte[] rgbAtr = new byte[33];
    }

    /** typedef struct { unsigned long dwProtocol; unsigned long cbPciLength; } SCARD_IO_REQUEST; */
    @Structure.FieldOrder({"dwProtocol", "cbPciLength"})
    class IoRequest extends Structure {
        public NativeLong dwProtocol;
        public NativeLong cbPciLength;

        IoRequest(long protocol) {
            dwProtocol = new NativeLong(protocol);
            cbPciLength = new NativeLong(size());
        }
    }

    /** Loads libpcsclite (the unversioned name needs the -dev package: fall back to the soname). */
    static Winscard load() {
        UnsatisfiedLinkError first = null;
        for (String name : List.of("pcsclite", "libpcsclite.so.1")) {
            try {
                return Native.load(name, Winscard.class);
            } catch (UnsatisfiedLinkError e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    /** Return codes are 32-bit values, sign- or zero-extended to a long: compare the low 32 bits. */
    static long code(NativeLong rv) {
        return rv.longValue() & 0xFFFFFFFFL;
    }

    static String describe(long rv) {
        if (rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_F_COMM_ERROR
                || rv == SCARD_E_INVALID_HANDLE) {
            return "pcscd is not running";
        }
        if (rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_REMOVED_CARD) {
            return "the card was removed";
        }
        return String.format("PC/SC error 0x%08X", rv);
    }
}
