/** A badge reader driven by code, stdin or loopback TCP ({@code tap <id>} / {@code remove}), for demos and tests. */
package org.rounds.device.sim;
