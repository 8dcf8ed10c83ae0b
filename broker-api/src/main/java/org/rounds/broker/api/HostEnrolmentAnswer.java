package org.rounds.broker.api;

/**
 * The broker's answer to a {@link HostEnrolmentRequest}: the host's name (from the code), its
 * certificate (PEM, subject CN = the name, SAN {@code urn:rounds:host:NAME}, for TLS client and
 * server use: the control channel and the VeNCrypt desktop port) and the broker CA (PEM).
 */
public record HostEnrolmentAnswer(String name, String certificate, String caCertificate) {}
