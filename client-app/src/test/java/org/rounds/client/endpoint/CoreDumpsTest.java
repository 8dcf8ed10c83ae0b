package org.rounds.client.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The endpoint keeps itself out of core dumps (its memory holds session pixels and badge numbers). */
@Tag("unit")
class CoreDumpsTest {

    @Test
    void afterDisableTheKernelSaysThisProcessIsNotDumpable() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "prctl is Linux's");
        assertThat(CoreDumps.disable()).isTrue();
        assertThat(CoreDumps.dumpable()).isZero();
    }
}
