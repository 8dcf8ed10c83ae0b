package org.rounds.broker.api;

/**
 * The broker's answer to an {@link EnrolmentRequest}: the endpoint's id (from the enrolment
 * code), its certificate (PEM, subject CN = the id, clientAuth) and the CA that signed it (PEM).
 */
public record EnrolmentAnswer(String endpointId, String certificate, String caCertificate) {}
