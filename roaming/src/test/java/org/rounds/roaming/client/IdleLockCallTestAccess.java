package org.rounds.roaming.client;

import java.io.IOException;

/** Test helpers of this package for the session tests next door. */
public final class IdleLockCallTestAccess {
    private IdleLockCallTestAccess() {}

    /** A broker URL nobody listens on. */
    public static String deadBrokerUrl() throws IOException {
        return BrokerClientTest.deadBrokerUrl();
    }
}
