package org.rounds.client.endpoint;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.util.Locale;

/**
 * Keeps this process out of core dumps: a core of the endpoint would hold the session's pixels
 * and badge numbers. The unit's {@code LimitCORE=0} covers the service; this covers an endpoint
 * started any other way (and stops other processes of the user from attaching to it).
 */
public final class CoreDumps {
    private CoreDumps() {}

    /** Linux {@code prctl(PR_SET_DUMPABLE, 0)}; false (and nothing done) elsewhere or when it failed. */
    public static boolean disable() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return false;
        try {
            NativeLong zero = new NativeLong(0);
            return Prctl.LIBC.prctl(Prctl.PR_SET_DUMPABLE, zero, zero, zero, zero) == 0;
        } catch (LinkageError | RuntimeException e) {   // no JNA native for this platform
            return false;
        }
    }

    /** Linux {@code prctl(PR_GET_DUMPABLE)}: 1 when this process may dump core, 0 when not, -1 when unknown. */
    public static int dumpable() {
        try {
            NativeLong zero = new NativeLong(0);
            return Prctl.LIBC.prctl(Prctl.PR_GET_DUMPABLE, zero, zero, zero, zero);
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }

    private interface Prctl extends Library {
        int PR_GET_DUMPABLE = 3;
        int PR_SET_DUMPABLE = 4;
        Prctl LIBC = Native.load("c", Prctl.class);

        // int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5);
        int prctl(int option, NativeLong arg2, NativeLong arg3, NativeLong arg4, NativeLong arg5);
    }
}
