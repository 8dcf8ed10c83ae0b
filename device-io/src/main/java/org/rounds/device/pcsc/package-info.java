/**
 * PC/SC contactless readers through pcsc-lite over JNA (Linux layout): {@link org.rounds.device.pcsc.PcscReader}
 * reads the card UID with {@code FF CA 00 00 00}; {@link org.rounds.device.pcsc.PcscReaders} lists readers.
 */
package org.rounds.device.pcsc;
