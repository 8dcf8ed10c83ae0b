package org.rounds.broker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class OwnKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyFileIsWrittenOverTheOldOneWithItsModeAndNoTemporaryLeft() throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "old");
        OwnKeys.write(key, "new key", "rw-------");
        assertThat(Files.readString(key)).isEqualTo("new key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(key);
        }
    }

    @Test
    void aKeyFitsItsOwnPublicKeyOnly() {
        KeyPair one = OwnKeys.newP256();
        KeyPair other = OwnKeys.newP256();
        assertThat(OwnKeys.fits(one.getPrivate(), one.getPublic())).isTrue();
        assertThat(OwnKeys.fits(one.getPrivate(), other.getPublic())).isFalse();
    }
}
