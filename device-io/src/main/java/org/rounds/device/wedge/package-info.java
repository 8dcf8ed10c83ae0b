/**
 * Keyboard-wedge readers: {@link org.rounds.device.wedge.WedgeBurstDetector} tells reader bursts
 * from people typing; on Linux {@link org.rounds.device.wedge.EvdevWedgeReader} reads the
 * reader's evdev node (found by {@link org.rounds.device.wedge.EvdevNodes}) exclusively, by key code.
 */
package org.rounds.device.wedge;
