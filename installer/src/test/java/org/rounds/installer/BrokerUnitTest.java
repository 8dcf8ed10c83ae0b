package org.rounds.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The broker's systemd unit keeps what it makes to itself (issue 17 §4): private state directory, umask, no core dumps. */
@Tag("unit")
class BrokerUnitTest {

    @Test
    void theBrokerUnitMakesPrivateFilesAndNoCoreDumps() throws Exception {
        var lines = Files.readAllLines(Path.of("src/linux/systemd/rounds-broker.service"));
        assertThat(lines).contains("UMask=0077", "LimitCORE=0", "StateDirectoryMode=0700", "StateDirectory=rounds",
                "ExecStart=/usr/bin/rounds-server broker --data /var/lib/rounds --port 8443");
        assertThat(lines).as("a key file named by a credential is optional: a --data broker makes its own")
                .noneMatch(l -> l.startsWith("LoadCredential="));
    }
}
