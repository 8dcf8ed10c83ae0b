package org.rounds.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of the load's held push channels to ping this second: each channel once a minute, a
 * sixtieth of them each second. Pinging all of them in one instant (as the load once did) was a
 * burst of thousands of TLS frames each minute that the brokers and the load answered together,
 * and its slow taps always fell in the same kind of flood window (a minute is six of them), so a
 * run's othersP99Ratio read 0.2 or 3 by when the load had started. A real site's endpoints ping
 * on their own clocks.
 */
final class PingSlots {
    static final int SLOTS = 60;

    private PingSlots() {}

    /** The channels due at {@code tick} (seconds since the pinger started): every {@value #SLOTS}th, from tick mod {@value #SLOTS}. */
    static <T> List<T> due(List<T> held, long tick) {
        List<T> due = new ArrayList<>(held.size() / SLOTS + 1);
        for (int i = (int) (tick % SLOTS); i < held.size(); i += SLOTS) due.add(held.get(i));
        return due;
    }
}
