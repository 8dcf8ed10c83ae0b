package org.rounds.device.sim;

import java.util.List;

import org.rounds.device.ReaderDriver;

/**
 * Simulated readers ({@link SimulatedReader}): opened by the code that feeds them (tests, the
 * demo, {@code --sim}), so there is nothing to survey or install.
 */
public final class SimDriver implements ReaderDriver {

    static final String NAME = "sim";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Discovery discovery() {
        return Discovery.NONE;
    }

    @Override
    public List<Entry> survey(Settings settings) {
        return List.of();
    }
}
