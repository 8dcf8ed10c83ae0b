package org.rounds.broker.api;

/** The body of every 4xx/5xx answer: one line naming what was wrong. */
public record ApiError(String error) {}
