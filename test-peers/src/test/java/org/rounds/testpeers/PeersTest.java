package org.rounds.testpeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

@Tag("peer")
class PeersTest {

    @Test
    void aMissingPeerSkipsOrUnderCiFailsNamingThePackage() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        assertThatThrownBy(() -> Peers.require("rounds-no-such-binary", "rounds-pkg"))
                .isInstanceOf(ci ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("missing peer rounds-no-such-binary: apt-get install rounds-pkg");
    }

    @Test
    void aPresentBinaryIsFoundOnPathOrInSbin() {
        assertThat(Peers.require("sh", "dash")).isExecutable();
    }

    @Test
    void reservedDisplaysAreFreeAndNotHandedOutTwice() {
        int a = Peers.reserveDisplay();
        int b = Peers.reserveDisplay();
        try {
            assertThat(a).isNotEqualTo(b);
            assertThat(Peers.xSocket(a)).doesNotExist();
        } finally {
            Peers.releaseDisplay(a);
            Peers.releaseDisplay(b);
        }
    }
}
