package org.rounds.broker.api;

/** An endpoint announcing itself: {@code kind} is cart, tablet, kiosk or workstation. */
public record EndpointRegistration(String endpointId, String kind, String location) {}
