/** Keyboard-wedge readers: {@link org.rounds.device.wedge.WedgeBurstDetector} tells reader bursts from people typing. */
package org.rounds.device.wedge;
