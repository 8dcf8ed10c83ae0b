package org.rounds.device.pcsc;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;

import org.rounds.device.BadgeReader;
import org.rounds.device.Credential;
import org.rounds.device.Debouncer;
import org.rounds.device.ReaderEvent;
import org.rounds.device.ReaderThreads;
import org.rounds.device.format.CardBits;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.format.Decoded;

/**
 * A PC/SC reader watched through pcsc-lite (JNA). A card that arrives is read with GET UID and
 * reported as a {@link Credential.Technology#CONTACTLESS_UID} credential whose id is the UID
 * written by the site's format (upper-case hex unless configured otherwise); a contact card
 * that refuses GET UID is read for the French CPS serial (EF.SN.ICC) and reported as a
 * {@link Credential.Technology#CONTACT_CARD}. Its removal is a badge removal, which a profile may
 * use to lock. Presence is tracked here (status-change wake-ups can be
 * spurious) and presentations pass through a {@link Debouncer}. When pcscd goes away the
 * reader reports one error and keeps re-establishing its context, so it recovers after pcscd
 * restarts (which the JDK's javax.smartcardio does not).
 */
public final class PcscReader implements BadgeReader {

    private static final long POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 1000;
    private static final CredentialFormat CPS_SERIAL = CredentialFormat.parse("cps-serial");

    private final String readerName;
    private final Clock clock;
    private final Debouncer debouncer;
    private final Winscard lib;
    private final CredentialFormat uidFormat;
    private volatile NativeLong context;
    private volatile boolean closed;
    private Thread watcher;

    /**
     * @param readerName the PC/SC reader name, e.g. {@code "Virtual PCD 00 00"}
     * @throws IllegalStateException when libpcsclite cannot be loaded (one line)
     */
    public PcscReader(String readerName, Clock clock, Debouncer debouncer) {
        this(readerName, clock, debouncer, CredentialFormat.parse("uid-hex"));
    }

    /**
     * @param uidFormat how this site writes a UID as an id (e.g. {@code uid-dec-reversed});
     *                  the default is {@code uid-hex}
     * @throws IllegalStateException when libpcsclite cannot be loaded (one line)
     */
    public PcscReader(String readerName, Clock clock, Debouncer debouncer, CredentialFormat uidFormat) {
        this.uidFormat = Objects.requireNonNull(uidFormat, "uidFormat");
        this.readerName = Objects.requireNonNull(readerName, "readerName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.debouncer = Objects.requireNonNull(debouncer, "debouncer");
        try {
            this.lib = Winscard.load();
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("libpcsclite is not installed (apt-get install libpcsclite1)");
        }
    }

    @Override
    public String name() {
        return PcscDriver.NAME + ":" + readerName;
    }

    @Override
    public synchronized void start(ReaderListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed || watcher != null) {
            throw new IllegalStateException(name() + (closed ? " is closed" : " already started"));
        }
        ReaderListener filtered = debouncer.filter(listener);
        watcher = ReaderThreads.startDaemon("rounds-pcsc-" + readerName, () -> new Watch(filtered).run());
    }

    @Override
    public void close() {
        Thread toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = watcher;
        }
        NativeLong ctx = context;
        if (ctx != null) {
            lib.SCardCancel(ctx);   // wakes a blocked SCardGetStatusChange
        }
        ReaderThreads.stop(toStop, true);
    }

    /** The watcher thread's state: one instance per start. */
    private final class Watch {
        private final ReaderListener listener;
        private long lastState = Winscard.SCARD_STATE_UNAWARE;
        private boolean attached;
        private boolean present;
        private String lastError;

        Watch(ReaderListener listener) {
            this.listener = listener;
        }

        void run() {
            try {
                while (!closed) {
                    if (context == null && !establish()) {
                        pause(RETRY_MILLIS);
                        continue;
                    }
                    step();
                }
            } finally {
                NativeLong ctx = context;
                context = null;
                if (ctx != null) {
                    lib.SCardReleaseContext(ctx);
                }
            }
        }

        private boolean establish() {
            NativeLongByReference ref = new NativeLongByReference();
            long rv = Winscard.code(lib.SCardEstablishContext(new NativeLong(Winscard.SCARD_SCOPE_SYSTEM),
                    null, null, ref));
            if (rv != Winscard.SCARD_S_SUCCESS) {
                error(Winscard.describe(rv));
                return false;
            }
            context = ref.getValue();
            lastState = Winscard.SCARD_STATE_UNAWARE;
            return true;
        }

        private void step() {
            Winscard.ReaderState[] states = (Winscard.ReaderState[]) new Winscard.ReaderState().toArray(1);
            states[0].szReader = readerName;
            states[0].dwCurrentState = new NativeLong(lastState);
            long rv = Winscard.code(lib.SCardGetStatusChange(context, new NativeLong(POLL_MILLIS), states,
                    new NativeLong(1)));
            if (rv == Winscard.SCARD_E_TIMEOUT || rv == Winscard.SCARD_E_CANCELLED) {
                return;
            }
            if (rv == Winscard.SCARD_E_UNKNOWN_READER) {
                lost(null);
                pause(RETRY_MILLIS);
                return;
            }
            if (rv != Winscard.SCARD_S_SUCCESS) {
                // pcscd stopped or restarted; the code a dying daemon leaves varies (no service,
                // comm error, invalid handle, others), so ask again with a fresh context and
                // report what that says
                dropContext();
                lost(null);
                if (establish()) {
                    error(Winscard.describe(rv));
                }
                pause(RETRY_MILLIS);
                return;
            }
            long event = states[0].dwEventState.longValue();
            lastState = event & ~Winscard.SCARD_STATE_CHANGED;
            if ((event & (Winscard.SCARD_STATE_UNKNOWN | Winscard.SCARD_STATE_UNAVAILABLE)) != 0) {
                lost(null);
                pause(POLL_MILLIS);   // an unknown reader would otherwise be reported again at once
                return;
            }
            if (!attached) {
                attached = true;
                lastError = null;
                emit(new ReaderEvent.ReaderAttached(name(), clock.instant()));
            }
            boolean nowPresent = (event & Winscard.SCARD_STATE_PRESENT) != 0 && (event & Winscard.SCARD_STATE_MUTE) == 0;
            if (nowPresent && !present) {
                present = true;
                readCard();
            } else if (!nowPresent && present) {
                present = false;
                emit(new ReaderEvent.BadgeRemoved(name(), clock.instant()));
            }
        }

        private void readCard() {
            try (CardConnection card = CardConnection.open(lib, context, readerName)) {
                Optional<byte[]> uid = CardUid.read(card);
                if (uid.isPresent()) {
                    present(Credential.Technology.CONTACTLESS_UID, uid.get(), uidFormat);
                    return;
                }
                Optional<byte[]> serial = CpsSerialFile.read(card);
                if (serial.isPresent()) {
                    present(Credential.Technology.CONTACT_CARD, serial.get(), CPS_SERIAL);
                    return;
                }
                emit(new ReaderEvent.ReaderError(name(),
                        "card not read: it refuses GET UID and has no CPS serial file (EF.SN.ICC)", clock.instant()));
            } catch (PcscException e) {
                emit(new ReaderEvent.ReaderError(name(), "could not read the card: " + e.getMessage(), clock.instant()));
            }
        }

        private void present(Credential.Technology technology, byte[] raw, CredentialFormat format) {
            Decoded decoded = format.decode(CardBits.ofBytes(raw));
            if (decoded instanceof Decoded.Id id) {
                Credential credential = new Credential(technology, raw, id.id());
                emit(new ReaderEvent.BadgePresented(name(), credential, clock.instant()));
            } else {
                emit(new ReaderEvent.ReaderError(name(), "card not read: " + ((Decoded.Rejected) decoded).reason(),
                        clock.instant()));
            }
        }

        /** The reader or the daemon is gone: a present card is gone with it. */
        private void lost(String why) {
            if (present) {
                present = false;
                emit(new ReaderEvent.BadgeRemoved(name(), clock.instant()));
            }
            if (attached) {
                attached = false;
                emit(new ReaderEvent.ReaderDetached(name(), clock.instant()));
            }
            if (why != null) {
                error(why);
            }
        }

        /** Reports an error once until the reader works again, so a dead pcscd is one line, not one a second. */
        private void error(String message) {
            if (!message.equals(lastError)) {
                lastError = message;
                emit(new ReaderEvent.ReaderError(name(), message, clock.instant()));
            }
        }

        private void dropContext() {
            NativeLong ctx = context;
            context = null;
            if (ctx != null) {
                lib.SCardReleaseContext(ctx);
            }
        }

        private void emit(ReaderEvent event) {
            if (!closed) ReaderThreads.deliver(listener, event);
        }

        private void pause(long millis) {
            if (!ReaderThreads.pause(millis)) closed = true;
        }
    }
}
