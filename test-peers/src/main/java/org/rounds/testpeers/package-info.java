/**
 * Real servers for tests: {@link org.rounds.testpeers.XvncServer}, {@link org.rounds.testpeers.XvfbDisplay},
 * {@link org.rounds.testpeers.X11vnc}, {@link org.rounds.testpeers.Pcscd} and
 * {@link org.rounds.testpeers.PostgresServer}, each on free loopback resources and stopped by pid on close
 * (or by a shutdown hook). A missing binary skips the test, or fails it under {@code CI=true}
 * ({@link org.rounds.testpeers.Peers#require}). {@link org.rounds.testpeers.RealPeers} injects them as
 * JUnit 5 parameters. {@link org.rounds.testpeers.Await} waits for a condition instead of sleeping.
 *
 * <p>Several machines on one box: {@link org.rounds.testpeers.TestNetwork} (a bridge and
 * {@link org.rounds.testpeers.NetHost network namespaces} on it, each with its own address, needing
 * root), {@link org.rounds.testpeers.NetProcess} (a process started in one),
 * {@link org.rounds.testpeers.JavaLauncher} (the command line of a main class of the test class
 * path) and {@link org.rounds.testpeers.Relay} (a TCP relay that delays, cuts and records a link).
 */
package org.rounds.testpeers;
