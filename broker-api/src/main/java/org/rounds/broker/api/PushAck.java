package org.rounds.broker.api;

/** The endpoint's answer to a push: for {@code session-moved}, sent once its screen is blank. */
public record PushAck(String eventId) {}
