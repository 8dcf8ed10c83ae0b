package org.rounds.device.usb;

import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceList;
import org.usb4java.HotplugCallbackHandle;
import org.usb4java.LibUsb;

/**
 * USB arrivals and departures from libusb (usb4java), on the thread {@code rounds-usb-hotplug}.
 * usb4java has no macOS arm64 native and libusb has no hot-plug on Windows: then the devices
 * present at start are still announced (when libusb loads) and one failure line says that
 * later changes are not seen.
 */
final class LibUsbHotplug implements UsbDeviceSource {

    private static final long EVENT_TIMEOUT_MICROS = 250_000;

    private Context context;
    private HotplugCallbackHandle handle;
    private Thread events;
    private volatile boolean closed;

    @Override
    public synchronized void start(Listener listener) {
        Context ctx = new Context();
        int rv;
        try {
            rv = LibUsb.init(ctx);
        } catch (Throwable e) {   // UnsatisfiedLinkError / LibUsbException when the native does not load
            listener.failed("usb4java does not load (" + e.getMessage() + "): no hot-plug notices");
            return;
        }
        if (rv != LibUsb.SUCCESS) {
            listener.failed("libusb init failed (" + LibUsb.strError(rv) + "): no hot-plug notices");
            return;
        }
        context = ctx;
        if (!LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG)) {
            enumerate(listener);
            listener.failed("libusb has no hot-plug here: readers plugged in later are not noticed");
            return;
        }
        HotplugCallbackHandle h = new HotplugCallbackHandle();
        rv = LibUsb.hotplugRegisterCallback(ctx,
                LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED | LibUsb.HOTPLUG_EVENT_DEVICE_LEFT, LibUsb.HOTPLUG_ENUMERATE,
                LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY,
                (c, device, event, data) -> {
                    announce(listener, device, event == LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED);
                    return 0;
                }, null, h);
        if (rv != LibUsb.SUCCESS) {
            enumerate(listener);
            listener.failed("libusb hot-plug registration failed (" + LibUsb.strError(rv)
                    + "): readers plugged in later are not noticed");
            return;
        }
        handle = h;
        events = new Thread(() -> {
            while (!closed) {
                LibUsb.handleEventsTimeout(ctx, EVENT_TIMEOUT_MICROS);
            }
        }, "rounds-usb-hotplug");
        events.setDaemon(true);
        events.start();
    }

    /** Devices present now, for when there is no hot-plug to enumerate them. */
    private void enumerate(Listener listener) {
        DeviceList list = new DeviceList();
        if (LibUsb.getDeviceList(context, list) < 0) {
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
        Thread toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = events;
        }
        if (toStop != null) {
            try {
                toStop.join(2000);   // handleEventsTimeout returns within 250 ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (handle != null) {
            LibUsb.hotplugDeregisterCallback(context, handle);
        }
        if (context != null) {
            LibUsb.exit(context);
        }
    }
}
