/**
 * Real servers for tests: {@link org.rounds.testpeers.XvncServer}, {@link org.rounds.testpeers.XvfbDisplay},
 * {@link org.rounds.testpeers.X11vnc}, {@link org.rounds.testpeers.Pcscd} and
 * {@link org.rounds.testpeers.PostgresServer}, each on free loopback resources and stopped by pid on close
 * (or by a shutdown hook). A missing binary skips the test, or fails it under {@code CI=true}
 * ({@link org.rounds.testpeers.Peers#require}). {@link org.rounds.testpeers.RealPeers} injects them as
 * JUnit 5 parameters. {@link org.rounds.testpeers.Await} waits for a condition instead of sleeping.
 */
package org.rounds.testpeers;
