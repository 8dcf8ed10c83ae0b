package org.rounds.device.usb;

/**
 * Where USB arrivals and departures come from: libusb hot-plug ({@link LibUsbHotplug}) or, in
 * tests, a fake. Devices already plugged in are announced as arrivals, and a failure to start
 * is reported, before {@link #start} returns (libusb's {@code HOTPLUG_ENUMERATE} calls back
 * inside the registration).
 */
interface UsbDeviceSource extends AutoCloseable {

    void start(Listener listener);

    @Override
    void close();

    /** Called on the source's own thread; must be fast. {@code port} identifies the socket, e.g. "1-4". */
    interface Listener {
        void arrived(int vendorId, int productId, String port);

        void left(int vendorId, int productId, String port);

        /** The source cannot (fully) work; one line. */
        void failed(String message);
    }
}
