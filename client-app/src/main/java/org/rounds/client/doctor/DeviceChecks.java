package org.rounds.client.doctor;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hid4java.HidDevice;
import org.hid4java.HidServices;
import org.hid4java.HidServicesSpecification;
import org.hid4java.ScanMode;
import org.rounds.device.usb.UsbAccess;

/**
 * HID badge readers (hid4java) and raw USB access (usb4java). Both load native libraries:
 * any failure to load becomes a "missing" line, never an exception.
 */
final class DeviceChecks {

    /** USB vendors whose HID devices are badge readers. */
    static final Map<Integer, String> BADGE_VENDORS = Map.of(
            0x0c27, "RF IDeas",
            0x09d8, "Elatec",
            0x076b, "HID Global",
            0x072f, "ACS");

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
            return Check.missing("HID readers", "hidapi does not load (" + Doctor.oneLine(e)
                    + "): use the rounds build for this OS and CPU");
        }
        try {
            List<HidDevice> all = services.getAttachedHidDevices();
            List<String> readers = all.stream()
                    .filter(d -> BADGE_VENDORS.containsKey(d.getVendorId()))
                    .map(DeviceChecks::describe)
                    .distinct()
                    .collect(Collectors.toList());
            if (readers.isEmpty()) {
                return Check.ok("HID readers", "none of " + all.size() + " HID devices is a known badge reader");
            }
            return Check.ok("HID readers", readers.size() + ": " + String.join(", ", readers));
        } catch (Throwable e) {
            return Check.missing("HID readers", "HID enumeration failed (" + Doctor.oneLine(e)
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
        return String.format("%s %04x:%04x%s", BADGE_VENDORS.get(d.getVendorId()), d.getVendorId(),
                d.getProductId(), product);
    }

    static Check usb() {
        UsbAccess.Status status = UsbAccess.probe();
        return status.ok() ? Check.ok("USB access", status.detail())
                : Check.missing("USB access", status.detail()
                        + "; hot-plug notices are off (on Linux check /dev/bus/usb; macOS arm64 has no usb4java native)");
    }
}
