/**
 * Credential formats: how a site turns a badge's raw bits ({@link org.rounds.device.format.CardBits})
 * into the id it enrolls ({@link org.rounds.device.format.CredentialFormat#parse}): UID hex or
 * decimal, HID H10301 26-bit, HID Corporate 1000 35-bit, CPS card serial, raw bits.
 */
package org.rounds.device.format;
