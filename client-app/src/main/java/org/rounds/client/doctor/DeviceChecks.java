package org.rounds.client.doctor;

import org.rounds.broker.api.OneLine;

import java.util.List;
import java.util.stream.Collectors;

import org.hid4java.HidDevice;
import org.hid4java.HidServices;
import org.hid4java.HidServicesSpecification;
import org.hid4java.ScanMode;
import org.rounds.device.inventory.ReaderDrivers;
import org.rounds.device.usb.KnownReaders;
import org.rounds.device.usb.UsbAccess;

/**
 * HID badge readers (hid4java) and raw USB access (usb4java). Both load native libraries:
 * any failure to load becomes a "missing" line, never an exception.
 */
final class DeviceChecks {

    /** The USB devices the reader drivers read (device-io's one catalogue): which HID devices are badge readers. */
    private static final KnownReaders BADGE_READERS = ReaderDrivers.usbReaders();

    private DeviceChecks() {}

    static Check hidReaders() {
        HidServices services;
        try {
            HidServicesSpecification spec = new HidServicesSpecification();
            spec.setAutoStart(false);
            spec.setAutoShutdown(false);
            spec.setScanMode(ScanMode.NO_SCAN);
            services = new HidServices(spec);
        } catch (Throwable e) {   // UnsatisfiedLinkError, NoClassDefFoundError, HidException
            return Check.missing("HID readers", "hidapi does not load (" + OneLine.withType(e)
                    + "): use the rounds build for this OS and CPU");
        }
        try {
            List<HidDevice> all = services.getAttachedHidDevices();
            List<String> readers = all.stream()
                    .filter(d -> BADGE_READERS.lookup(d.getVendorId(), d.getProductId()).isPresent())
                    .map(DeviceChecks::describe)
                    .distinct()
                    .collect(Collectors.toList());
            if (readers.isEmpty()) {
                return Check.ok("HID readers", "none of " + all.size() + " HID devices is a known badge reader");
            }
            return Check.ok("HID readers", readers.size() + ": " + String.join(", ", readers));
        } catch (Throwable e) {
            return Check.missing("HID readers", "HID enumeration failed (" + OneLine.withType(e)
                    + "): on Linux give this user access to /dev/hidraw* (udev rule)");
        } finally {
            try {
                services.shutdown();
            } catch (Throwable ignored) {
                // shutting down a half-loaded hidapi must not turn into an error line
            }
        }
    }

    private static String describe(HidDevice d) {
        String product = d.getProduct() == null ? "" : " " + d.getProduct();
        String vendor = BADGE_READERS.lookup(d.getVendorId(), d.getProductId()).orElseThrow().device().vendor();
        return String.format("%s %04x:%04x%s", vendor, d.getVendorId(),
                d.getProductId(), product);
    }

    static Check usb() {
        UsbAccess.Status status = UsbAccess.probe();
        return status.ok() ? Check.ok("USB access", status.detail())
                : Check.missing("USB access", status.detail()
                        + "; hot-plug notices are off (on Linux check /dev/bus/usb; macOS arm64 has no usb4java native)");
    }
}
