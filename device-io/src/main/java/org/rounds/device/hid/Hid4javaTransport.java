package org.rounds.device.hid;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.hid4java.HidDevice;
import org.hid4java.HidServices;
import org.hid4java.HidServicesSpecification;
import org.hid4java.ScanMode;

/**
 * The only class that touches hid4java (hidapi): enumeration of HID devices and a
 * {@link HidTransport} over one opened device. hidapi failing to load becomes an
 * {@link IllegalStateException} with one line, never a stack trace for the user.
 */
public final class Hid4javaTransport implements HidTransport {

    /** One HID device as enumerated. */
    public record HidDeviceInfo(int vendorId, int productId, String path, String product) {}

    private final HidServices services;
    private final HidDevice device;

    private Hid4javaTransport(HidServices services, HidDevice device) {
        this.services = services;
        this.device = device;
    }

    /** HID devices of this vendor now attached (empty on a machine without USB). */
    public static List<HidDeviceInfo> enumerate(int vendorId) {
        HidServices services = services();
        try {
            return services.getAttachedHidDevices().stream()
                    .filter(d -> vendorId == 0 || d.getVendorId() == vendorId)
                    .map(d -> new HidDeviceInfo(d.getVendorId(), d.getProductId(), d.getPath(),
                            d.getProduct() == null ? "" : d.getProduct()))
                    .collect(Collectors.toList());
        } finally {
            services.shutdown();
        }
    }

    /** Opens the device at this hidapi path each time it is called. */
    public static HidTransport.Opener opener(String path) {
        return () -> open(path);
    }

    static Hid4javaTransport open(String path) throws IOException {
        HidServices services = services();
        for (HidDevice d : services.getAttachedHidDevices()) {
            if (path.equals(d.getPath())) {
                if (!d.open()) {
                    services.shutdown();
                    throw new IOException("hidapi cannot open " + path + " (on Linux: a udev rule for /dev/hidraw*)");
                }
                return new Hid4javaTransport(services, d);
            }
        }
        services.shutdown();
        throw new IOException("no HID device at " + path);
    }

    private static HidServices services() {
        try {
            HidServicesSpecification spec = new HidServicesSpecification();
            spec.setAutoStart(false);
            spec.setAutoShutdown(false);
            spec.setScanMode(ScanMode.NO_SCAN);
            return new HidServices(spec);
        } catch (Throwable e) {   // UnsatisfiedLinkError, NoClassDefFoundError, HidException
            throw new IllegalStateException("hidapi does not load: " + e.getMessage());
        }
    }

    @Override
    public int sendFeatureReport(byte[] data, byte reportId) {
        return device.sendFeatureReport(data, reportId);
    }

    @Override
    public int getFeatureReport(byte[] data, byte reportId) {
        return device.getFeatureReport(data, reportId);
    }

    @Override
    public void close() {
        try {
            device.close();
        } finally {
            services.shutdown();
        }
    }
}
