package org.rounds.device.sim;

import java.util.List;

import org.rounds.device.ReaderDriver;

/**
 * Simulated readers ({@link SimulatedReader}): opened by the code that feeds them (tests, the
 * demo, {@code --sim}), so there is nothing to survey or install.
 */
public record SimDriver(String name, Discovery discovery, List<UsbId> usbIds) implements ReaderDriver {

    static final String NAME = "sim";

    public SimDriver() {
        this(NAME, Discovery.NONE, List.of());
    }

    @Override
    public List<Entry> survey(Settings settings) {
        return List.of();
    }
}
