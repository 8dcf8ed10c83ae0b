package org.rounds.device.usb;

import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceList;
import org.usb4java.HotplugCallbackHandle;
import org.usb4java.LibUsb;

/**
 * USB arrivals and departures from libusb (usb4java). usb4java has no macOS arm64 native and
 * libusb has no hot-plug on Windows: then the devices present at start are still announced
 * (when libusb loads) and one failure line says that later changes are not seen.
 *
 * <p>One libusb context serves the whole process and is never exited: with the libusb that
 * usb4java 1.3 bundles, registering a hot-plug callback on a fresh context after another was
 * exited crashed the JVM in libudev (seen in our tests when several watchers ran in turn).
 * Events are handled on {@code rounds-usb-hotplug} while at least one watcher is open; the last
 * one to close stops that thread, so closing leaves no thread behind.
 */
final class LibUsbHotplug implements UsbDeviceSource {

    private static final long EVENT_TIMEOUT_MICROS = 250_000;

    private static Context shared;            // guarded by LibUsbHotplug.class
    private static String initFailure;        // why the shared context could not be made
    private static int openWatchers;
    private static Thread events;

    private HotplugCallbackHandle handle;
    private boolean registered;
    private boolean closed;

    /** Why the process-wide context could not be made, or null when it was (or was not tried yet). */
    static synchronized String initFailure() {
        return initFailure;
    }

    /** The process-wide context, or null with {@link #initFailure} set. */
    static synchronized Context context() {
        if (shared == null && initFailure == null) {
            Context ctx = new Context();
            try {
                int rv = LibUsb.init(ctx);
                if (rv != LibUsb.SUCCESS) {
                    initFailure = "libusb init failed (" + LibUsb.strError(rv) + "): no hot-plug notices";
                } else {
                    shared = ctx;
                }
            } catch (Throwable e) {   // UnsatisfiedLinkError / LibUsbException when the native does not load
                initFailure = "usb4java does not load (" + e.getMessage() + "): no hot-plug notices";
            }
        }
        return shared;
    }

    @Override
    public void start(Listener listener) {
        Context ctx = context();
        if (ctx == null) {
            listener.failed(initFailure);
            return;
        }
        if (!LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG)) {
            enumerate(ctx, listener);
            listener.failed("libusb has no hot-plug here: readers plugged in later are not noticed");
            return;
        }
        HotplugCallbackHandle h = new HotplugCallbackHandle();
        int rv;
        synchronized (LibUsbHotplug.class) {
            rv = LibUsb.hotplugRegisterCallback(ctx,
                    LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED | LibUsb.HOTPLUG_EVENT_DEVICE_LEFT, LibUsb.HOTPLUG_ENUMERATE,
                    LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY,
                    (c, device, event, data) -> {
                        announce(listener, device, event == LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED);
                        return 0;
                    }, null, h);
            if (rv == LibUsb.SUCCESS) {
                handle = h;
                registered = true;
                if (openWatchers++ == 0) {
                    events = new Thread(() -> handleEvents(ctx), "rounds-usb-hotplug");
                    events.setDaemon(true);
                    events.start();
                }
            }
        }
        if (rv != LibUsb.SUCCESS) {
            enumerate(ctx, listener);
            listener.failed("libusb hot-plug registration failed (" + LibUsb.strError(rv)
                    + "): readers plugged in later are not noticed");
        }
    }

    private static void handleEvents(Context ctx) {
        while (true) {
            synchronized (LibUsbHotplug.class) {
                if (events != Thread.currentThread()) {
                    return;
                }
            }
            LibUsb.handleEventsTimeout(ctx, EVENT_TIMEOUT_MICROS);
        }
    }

    /** Devices present now, for when there is no hot-plug to enumerate them. */
    private static void enumerate(Context ctx, Listener listener) {
        DeviceList list = new DeviceList();
        if (LibUsb.getDeviceList(ctx, list) < 0) {
            return;
        }
        try {
            for (Device d : list) {
                announce(listener, d, true);
            }
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
    }

    private static void announce(Listener listener, Device device, boolean arrived) {
        DeviceDescriptor desc = new DeviceDescriptor();
        if (LibUsb.getDeviceDescriptor(device, desc) != LibUsb.SUCCESS) {
            return;
        }
        int vendor = desc.idVendor() & 0xFFFF;
        int product = desc.idProduct() & 0xFFFF;
        String port = LibUsb.getBusNumber(device) + "-" + LibUsb.getPortNumber(device);
        if (arrived) {
            listener.arrived(vendor, product, port);
        } else {
            listener.left(vendor, product, port);
        }
    }

    @Override
    public void close() {
        Thread toStop = null;
        synchronized (LibUsbHotplug.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (!registered) {
                return;
            }
            LibUsb.hotplugDeregisterCallback(shared, handle);
            if (--openWatchers == 0) {
                toStop = events;
                events = null;   // the thread sees it is no longer the event thread and ends
            }
        }
        if (toStop != null) {
            try {
                toStop.join(2000);   // handleEventsTimeout returns within 250 ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
