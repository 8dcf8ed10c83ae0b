/**
 * Badge readers behind one SPI. A {@link org.rounds.device.BadgeReader} delivers
 * {@link org.rounds.device.ReaderEvent}s in order to one listener; drivers live in their own
 * packages ({@code sim}, {@code pcsc}, {@code hid}, {@code wedge}, {@code usb}); {@code format} turns
 * raw card bits into the site's id and {@code inventory} lists what this machine offers.
 */
package org.rounds.device;
