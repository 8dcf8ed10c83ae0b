package org.rounds.device.usb;

import org.usb4java.LibUsb;
import org.usb4java.Version;

/**
 * Whether this process can use USB (libusb through usb4java), for diagnostics. It uses the one
 * process-wide libusb context that the hot-plug watcher uses and never exits it: exiting a
 * context and later registering hot-plug callbacks on another crashes the JVM (see
 * {@code LibUsbHotplug}).
 */
public final class UsbAccess {
    private UsbAccess() {}

    /** {@code ok} with the libusb version, or not ok with one line saying why. */
    public record Status(boolean ok, String detail) {}

    public static Status probe() {
        try {
            if (LibUsbHotplug.context() == null) return new Status(false, LibUsbHotplug.initFailure());
            Version v = LibUsb.getVersion();
            return new Status(true, "libusb " + v.major() + "." + v.minor() + "." + v.micro() + " initialised"
                    + (LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG) ? ", hot-plug available" : ", no hot-plug"));
        } catch (Throwable e) { // UnsatisfiedLinkError where usb4java has no native for this OS and CPU
            return new Status(false, "usb4java does not load (" + e.getMessage() + ")");
        }
    }
}
