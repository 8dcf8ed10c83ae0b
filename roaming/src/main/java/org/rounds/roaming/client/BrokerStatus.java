package org.rounds.roaming.client;

/**
 * One broker as an endpoint sees it: {@code up} is false while its circuit breaker is open
 * (recent calls or probes failed); {@code current} marks the broker calls go to first.
 */
public record BrokerStatus(String url, boolean up, boolean current) {}
