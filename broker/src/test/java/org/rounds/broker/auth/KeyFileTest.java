package org.rounds.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file: made 0600, read back, and refused with one line naming it when others may read it. */
@Tag("unit")
class KeyFileTest {
    @TempDir Path dir;

    @Test
    void aMadeKeyFileIsOwnerOnlyAndReadsBack() throws Exception {
        Path f = dir.resolve("broker.key");
        List<MasterKey> made = KeyFile.create(f);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(KeyFile.read(f)).extracting(MasterKey::id).containsExactly(made.get(0).id());
        KeyFile.write(f, List.of(MasterKey.random(), made.get(0), MasterKey.legacy(new byte[32])));
        assertThat(KeyFile.read(f)).extracting(MasterKey::id).containsSubsequence(made.get(0).id(), MasterKey.LEGACY_ID).hasSize(3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary file left").containsExactly(f);
        }
    }

    @Test
    void aGroupReadableKeyFileIsRefusedWithOneLineNamingIt() throws Exception {
        Path f = dir.resolve("broker.key");
        KeyFile.create(f);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> KeyFile.read(f)).isInstanceOf(IllegalStateException.class)
                .hasMessage("broker key file " + f + " is open to its group or others (rw-r-----); run: chmod 600 " + f);
    }

    @Test
    void aMissingOrMalformedKeyFileIsOneLineWithoutTheKey() throws Exception {
        Path missing = dir.resolve("none.key");
        assertThatThrownBy(() -> KeyFile.read(missing)).hasMessage("broker key file " + missing
                + " does not exist; give the right path, or make one with 'rounds broker rotate-key --key-file " + missing + "'");
        Path shortKey = Files.createFile(dir.resolve("short.key"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(shortKey, "# a comment\nv1 c2VjcmV0\n");
        assertThatThrownBy(() -> KeyFile.read(shortKey)).hasMessage("broker key file " + shortKey
                + " line 2 is not 'v1 BASE64' or 'legacy BASE64' of at least 32 bytes; restore the file from its backup")
                .hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void aBareBase64LineIsAV1KeySoASystemdCredentialFromOpensslWorks() throws Exception {
        Path f = Files.createFile(dir.resolve("cred"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--------")));
        Files.writeString(f, java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        assertThat(KeyFile.read(f)).singleElement().satisfies(k -> assertThat(k.isLegacy()).isFalse());
    }
}
