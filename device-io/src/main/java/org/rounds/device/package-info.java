/**
 * Badge readers behind one SPI. A {@link org.rounds.device.BadgeReader} delivers
 * {@link org.rounds.device.ReaderEvent}s in order to one listener; each kind of reader is a
 * {@link org.rounds.device.ReaderDriver} in its own package ({@code sim}, {@code pcsc},
 * {@code hid}, {@code wedge}, {@code usb}), listed once in {@code inventory.ReaderDrivers};
 * {@code format} turns raw card bits into the site's id and {@code inventory} lists what this
 * machine offers.
 */
package org.rounds.device;
