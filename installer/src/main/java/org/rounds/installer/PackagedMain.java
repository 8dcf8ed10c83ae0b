package org.rounds.installer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.rounds.client.cli.EndpointMain;

/**
 * Main class of the installed {@code rounds} launcher: points the native-library caches at the
 * user's own cache directory, then runs {@link EndpointMain}.
 *
 * <p>Why a class and not {@code jpackage --java-options}: the JDK 17 launcher expands only
 * {@code $APPDIR}, {@code $BINDIR} and {@code $ROOTDIR}, so the options could name only a folder
 * inside {@code /opt/rounds} (root-owned, read-only for users) or a fixed shared folder such as
 * {@code /tmp} (one user could plant libraries another user then loads). The XDG cache directory
 * is per user, writable, and may be wiped at any time, which is what an unpack cache needs.
 * A {@code -D} given explicitly (e.g. in a systemd unit) still wins.
 */
public final class PackagedMain {
    /** System properties that say where JavaFX, JNA and usb4java unpack their native libraries. */
    static final Map<String, String> NATIVE_DIRS = Map.of(
            "javafx.cachedir", "javafx",
            "jna.tmpdir", "jna",
            "org.usb4java.LibraryLoader.tempDir", "usb4java");

    private PackagedMain() {}

    public static void main(String[] args) {
        setNativeDirs(System.getProperties(), System.getenv());
        EndpointMain.main(args);
    }

    /** Sets each native-library property that is still unset to a folder under {@link #cacheDir}. */
    static void setNativeDirs(Properties props, Map<String, String> env) {
        Path natives = cacheDir(env, props.getProperty("user.home")).resolve("natives");
        NATIVE_DIRS.forEach((property, folder) -> {
            if (props.getProperty(property) == null) {
                props.setProperty(property, natives.resolve(folder).toString());
            }
        });
    }

    /**
     * {@code $XDG_CACHE_HOME/rounds}, or {@code ~/.cache/rounds} when that is unset or not absolute
     * (the XDG Base Directory spec says to ignore a relative value).
     */
    static Path cacheDir(Map<String, String> env, String home) {
        String xdg = env.getOrDefault("XDG_CACHE_HOME", "");
        Path base = !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".cache");
        return base.resolve("rounds");
    }
}
