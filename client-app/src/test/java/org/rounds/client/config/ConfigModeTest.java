package org.rounds.client.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint warns at start, in one line, when its configuration is readable by every user. */
@Tag("unit")
class ConfigModeTest {

    @Test
    void aWorldReadableConfigIsOneLineSayingHowToFixIt(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("endpoint.json"), "{}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(EndpointConfigFile.worldReadableWarning(f)).hasValue(
                f + " is readable by every user: 'chown root:rounds " + f + " && chmod 640 " + f + "'");
    }

    @Test
    void aConfigReadableOnlyByRootAndItsGroupIsNoWarning(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("endpoint.json"), "{}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(EndpointConfigFile.worldReadableWarning(f)).isEmpty();
    }
}
