package org.rounds.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PackagedMainTest {

    @Test
    void unpacksNativesUnderTheUsersXdgCacheHome() {
        Properties props = props("/home/nurse");
        PackagedMain.setNativeDirs(props, Map.of("XDG_CACHE_HOME", "/run/user/1000/cache"));
        assertThat(props.getProperty("javafx.cachedir")).isEqualTo("/run/user/1000/cache/rounds/natives/javafx");
        assertThat(props.getProperty("jna.tmpdir")).isEqualTo("/run/user/1000/cache/rounds/natives/jna");
        assertThat(props.getProperty("org.usb4java.LibraryLoader.tempDir"))
                .isEqualTo("/run/user/1000/cache/rounds/natives/usb4java");
    }

    @Test
    void fallsBackToDotCacheInHomeNeverTheHomeRoot() {
        assertThat(PackagedMain.cacheDir(Map.of(), "/home/nurse")).isEqualTo(Path.of("/home/nurse/.cache/rounds"));
        assertThat(PackagedMain.cacheDir(Map.of("XDG_CACHE_HOME", ""), "/home/nurse"))
                .isEqualTo(Path.of("/home/nurse/.cache/rounds"));
    }

    @Test
    void ignoresARelativeXdgCacheHomeAsTheSpecSays() {
        assertThat(PackagedMain.cacheDir(Map.of("XDG_CACHE_HOME", "cache"), "/home/nurse"))
                .isEqualTo(Path.of("/home/nurse/.cache/rounds"));
    }

    @Test
    void keepsADirectoryGivenExplicitly() {
        Properties props = props("/home/nurse");
        props.setProperty("javafx.cachedir", "/var/cache/rounds/javafx");
        PackagedMain.setNativeDirs(props, Map.of());
        assertThat(props.getProperty("javafx.cachedir")).isEqualTo("/var/cache/rounds/javafx");
        assertThat(props.getProperty("jna.tmpdir")).isEqualTo("/home/nurse/.cache/rounds/natives/jna");
    }

    private static Properties props(String home) {
        Properties p = new Properties();
        p.setProperty("user.home", home);
        return p;
    }
}
