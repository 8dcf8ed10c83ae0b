package org.rounds.client.config;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderDriver;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.wedge.WedgeConfig;
import org.rounds.device.wedge.WedgeDriver;

/**
 * Whether this endpoint reads badges typed into its window by a keyboard-wedge reader. Only where
 * one is configured ({@code readers.keyboardWedge}) or attached: elsewhere a USB keystroke
 * injector typing a badge number would tap, so there keys are only keys.
 */
public final class WedgeReader {
    private WedgeReader() {}

    /** The window's wedge settings when a wedge reader is configured or {@code detected}; else empty (keys are only keys). */
    public static Optional<WedgeConfig> forWindow(EndpointConfig.Readers readers, BooleanSupplier detected) {
        return readers.keyboardWedge() || detected.getAsBoolean() ? Optional.of(readers.wedge()) : Optional.empty();
    }

    /**
     * Whether a keyboard-wedge reader the device registry knows by USB id is plugged in now
     * (readable or not: one this user cannot open types into the focused window).
     */
    public static boolean attached(Clock clock) {
        ReaderDriver.Settings settings = new ReaderDriver.Settings(clock, CredentialFormat.parse(EndpointConfig.Readers.DEFAULT_UID_FORMAT),
                CredentialFormat.parse(EndpointConfig.Readers.DEFAULT_FORMAT), WedgeReader::noWatcher);
        return new WedgeDriver().survey(settings).stream().anyMatch(e -> !e.reader().equals("-"));
    }

    private static BadgeReader noWatcher() {
        throw new UnsupportedOperationException("the wedge survey starts no USB watcher");
    }
}
