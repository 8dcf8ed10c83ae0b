package org.rounds.broker.http;

import java.time.Clock;
import org.rounds.broker.Broker;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.takeover.Fakes;

/**
 * A started in-memory broker with two practices set up alike (issue 23): {@code riverside} and
 * {@code hilltop} each enrol user {@code u1} with badge 0451, and the default practice has
 * {@code u2}. For the admin API's and the console's practice tests.
 */
public final class TwoPractices {
    private TwoPractices() {}

    public static Broker started(Clock clock) {
        Broker broker = Broker.builder().inMemory().port(0).clock(clock).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        broker.admin().addTenant("riverside");
        broker.admin().addTenant("hilltop");
        broker.admin().enrollIn(new Tenant("riverside"), "u1", "Riverside Nurse", "0451");
        broker.admin().enrollIn(new Tenant("hilltop"), "u1", "Hilltop Nurse", "0451");
        broker.admin().enroll("u2", "Hospital Nurse", "0452");
        return broker;
    }
}
