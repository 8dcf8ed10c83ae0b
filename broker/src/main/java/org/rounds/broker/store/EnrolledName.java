package org.rounds.broker.store;

/** A desktop host or gateway as its certificate's serial finds it: its name in practice {@code tenant}. */
public record EnrolledName(Tenant tenant, String name) {}
