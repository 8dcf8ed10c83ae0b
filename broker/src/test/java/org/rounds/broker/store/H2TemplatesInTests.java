package org.rounds.broker.store;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Puts {@link H2Templates} in as {@link Database#migration} when a test JVM's JUnit launcher
 * starts, before any test opens a store: in this module's test JVMs and in every module whose
 * tests have the broker's test jar (cli), registered in {@code META-INF/services}.
 */
public final class H2TemplatesInTests implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Database.migration = H2Templates::migrate;
    }
}
