/**
 * USB hot-plug: {@link org.rounds.device.usb.UsbReaderWatcher} announces known badge readers
 * ({@link org.rounds.device.usb.KnownReaders}) plugged in and out, and which driver reads them.
 */
package org.rounds.device.usb;
