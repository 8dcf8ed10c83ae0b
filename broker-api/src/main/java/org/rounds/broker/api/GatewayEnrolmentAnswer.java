package org.rounds.broker.api;

/**
 * The broker's answer to a {@link GatewayEnrolmentRequest}: the gateway's name (from the code),
 * its certificate (PEM, subject CN = the name, SAN {@code urn:rounds:gateway:NAME}, for TLS
 * client use towards brokers) and the broker CA (PEM).
 */
public record GatewayEnrolmentAnswer(String name, String certificate, String caCertificate) {}
