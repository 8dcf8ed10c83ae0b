/**
 * HID badge readers: the RF IDeas pcProx in SDK mode ({@link org.rounds.device.hid.PcProxReader}),
 * polled through feature reports behind {@link org.rounds.device.hid.HidTransport};
 * hid4java is confined to {@link org.rounds.device.hid.Hid4javaTransport}.
 */
package org.rounds.device.hid;
