package org.rounds.broker.api;

/**
 * Where a redeemed tunnel goes: the desktop host's inside address and port, and the user, for the
 * gateway's log and audit line.
 */
public record TunnelTarget(String host, int port, String userId) {}
