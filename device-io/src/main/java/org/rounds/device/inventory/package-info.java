/**
 * The driver registry ({@link org.rounds.device.inventory.ReaderDrivers}) and what badge readers this
 * machine offers now, by driver ({@link org.rounds.device.inventory.ReaderInventory}).
 */
package org.rounds.device.inventory;
